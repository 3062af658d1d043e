namespace Gateway.Events;

/// <summary>Events after a cursor, oldest first, and the cursor to read on from (the given one when there are none).</summary>
public sealed record EventLogPage(IReadOnlyList<LoggedEvent> Events, EventCursor Next)
{
    /// <summary>
    /// The most of its events' stored JSON a page holds, unless its first event alone is more: a room's properties are up
    /// to a body's 1 MiB each, and a page of <see cref="EventLogEndpoints.MaxLimit"/> such events, read whole by an admin's
    /// page, a stream's catch-up or the instance's reader of the log, would hold a gigabyte.
    /// </summary>
    public const int MaxBytes = 4 * 1024 * 1024;
}
