using System.Text.Json.Serialization;

namespace Gateway.Events;

/// <summary>A page of the log: its events in order, and the cursor to pass as <c>after</c> to go on.</summary>
public sealed record EventLogSlice(
    [property: JsonPropertyName("list")] IReadOnlyList<AgoraEvent> List,
    [property: JsonPropertyName("next")] string Next) : CursorSlice;
