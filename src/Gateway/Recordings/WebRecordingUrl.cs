using Gateway.Configuration;
using Gateway.Tokens;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Recordings;

/// <summary>
/// Builds <c>webRecordConfig.url</c> the way Agora's reference describes it: the school's web classroom page,
/// opened by the recorder as an audience member, with an RTM token minted here for the recorder.
/// </summary>
public sealed class WebRecordingUrl(IOptions<AgoraOptions> options, IRtmTokenSource tokens)
{
    public const string RecorderUid = "classroom-recorder";

    public bool IsConfigured => options.Value.WebRecording.ClassroomUrl is not null;

    public async Task<string> BuildAsync(string roomUuid, int roomType, string language, CancellationToken cancellationToken)
    {
        var page = options.Value.WebRecording.ClassroomUrl
            ?? throw new InvalidOperationException("Agora:WebRecording:ClassroomUrl is not configured.");
        return QueryHelpers.AddQueryString(page.ToString(), new Dictionary<string, string?>
        {
            ["userUuid"] = RecorderUid,
            ["roomUuid"] = roomUuid,
            ["roomType"] = roomType.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["roleType"] = "0",
            ["pretest"] = "false",
            ["language"] = language,
            ["appId"] = options.Value.AppId,
            ["rtmToken"] = (await tokens.GetTokenAsync(RecorderUid, cancellationToken)).Token,
        });
    }
}
