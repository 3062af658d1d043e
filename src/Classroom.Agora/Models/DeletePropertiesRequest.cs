using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>
/// Body of <c>DELETE /v2/rooms/{roomUuid}/properties</c> and <c>DELETE /v2/rooms/{roomUuid}/users/{userUuid}/properties</c>:
/// the keys (or dotted paths) to delete.
/// </summary>
public sealed record DeletePropertiesRequest : IAgoraRequestBody<DeletePropertiesRequest>
{
    public IReadOnlyList<string>? Properties { get; init; }
    public JsonElement? Cause { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<DeletePropertiesRequest>.Validate(DeletePropertiesRequest body) => body.Validate();
}
