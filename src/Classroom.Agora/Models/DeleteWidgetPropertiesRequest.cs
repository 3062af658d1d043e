using System.Text.Json;

namespace Classroom.Agora.Models;

/// <summary>
/// Body of <c>DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/extra</c> and
/// <c>DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}</c>: the keys (or dotted paths) to delete.
/// </summary>
public sealed record DeleteWidgetPropertiesRequest
{
    public IReadOnlyList<string>? Extra { get; init; }
    public JsonElement? Cause { get; init; }
}
