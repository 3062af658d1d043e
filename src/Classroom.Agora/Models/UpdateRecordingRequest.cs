using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>
/// Body of <c>PATCH /v2/rooms/{roomUuid}/records/states/1</c>: new settings for the running web recording, which replace
/// the last ones. <c>webRecordConfig.onhold</c> is required: true pauses the recording, false resumes it.
/// </summary>
public sealed record UpdateRecordingRequest : IAgoraRequestBody<UpdateRecordingRequest>
{
    public WebRecordConfig? WebRecordConfig { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<UpdateRecordingRequest>.Validate(UpdateRecordingRequest body) => body.Validate();
}
