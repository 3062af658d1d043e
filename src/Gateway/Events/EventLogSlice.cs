using System.Text.Json.Serialization;

namespace Gateway.Events;

/// <summary>A page of the log: its events in order, and the cursor to pass as <c>after</c> to go on.</summary>
public sealed record EventLogSlice(
    [property: JsonPropertyName("list")] IReadOnlyList<AgoraEvent> List,
    [property: JsonPropertyName("next")] string Next)
{
    /// <summary>
    /// Whether the log no longer holds events that came after <c>after</c>, before the first of <c>list</c>: its retention
    /// (<c>Events:RetentionEvents</c>) trimmed them, or <c>after</c> is of a log that was lost. A client that had not read
    /// them cannot now, and reads its state again where it needs it. Never for a read from the log's start.
    /// </summary>
    [JsonPropertyName("missed")]
    public bool Missed { get; init; }
}
