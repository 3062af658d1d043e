using System.Text.Json.Serialization;

namespace Gateway.Events;

/// <summary>What a page read with a cursor says beside its list and its next cursor, the event log's and the audit trail's alike.</summary>
public abstract record CursorSlice
{
    /// <summary>
    /// Whether entries that came after <c>after</c>, before the first of <c>list</c>, are no longer kept: the retention
    /// trimmed them (the event log's <c>Events:RetentionEvents</c>; the audit trail's <c>Audit:RetentionDays</c>, and without
    /// Redis its newest 100,000), or <c>after</c> is of a log that was lost. A client that had not read them cannot now, and
    /// reads its state again where it needs it. Never for a read from the start.
    /// </summary>
    [JsonPropertyName("missed")]
    public bool Missed { get; init; }
}
