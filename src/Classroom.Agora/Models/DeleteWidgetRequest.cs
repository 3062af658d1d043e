using System.Text.Json;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}</c>: optional, only a <c>cause</c>.</summary>
public sealed record DeleteWidgetRequest
{
    public JsonElement? Cause { get; init; }
}
