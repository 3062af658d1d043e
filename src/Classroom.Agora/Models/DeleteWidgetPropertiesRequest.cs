using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>
/// Body of <c>DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/extra</c> and
/// <c>DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}</c>: the keys (or dotted paths) to delete.
/// </summary>
public sealed record DeleteWidgetPropertiesRequest : IAgoraRequestBody<DeleteWidgetPropertiesRequest>
{
    public IReadOnlyList<string>? Extra { get; init; }
    public JsonElement? Cause { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<DeleteWidgetPropertiesRequest>.Validate(DeleteWidgetPropertiesRequest body) => body.Validate();
}
