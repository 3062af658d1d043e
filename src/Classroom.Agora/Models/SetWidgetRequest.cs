using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>
/// Body of <c>PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}</c>: the widget's room properties (<c>extra</c>, keys may be
/// dotted paths), its <c>state</c> (0 closed, 1 open) and, optionally, the user whose leaving removes it.
/// </summary>
public sealed record SetWidgetRequest : IAgoraRequestBody<SetWidgetRequest>
{
    public const int Closed = 0;
    public const int Open = 1;

    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }
    public JsonElement? Cause { get; init; }
    public int? State { get; init; }
    public string? OwnerUserUuid { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<SetWidgetRequest>.Validate(SetWidgetRequest body) => body.Validate();
}
