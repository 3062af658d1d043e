namespace Gateway.Events;

/// <summary>
/// The durable log of every event the poller took from Agora, shared by all instances: Redis Streams when Redis is
/// configured, else in this process. Positions are <see cref="EventCursor"/>s; each event is held once.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends the events the log does not hold yet (see <see cref="RecentEventKeys"/>), atomically checking that
    /// <paramref name="fence"/> is still the poller's lease. False when it is not: nothing was appended. Without a fence
    /// the dedupe alone decides: for a batch that a deposed poller holds, which must land late rather than never.
    /// </summary>
    /// <exception cref="EventLogUnavailableException">The storage could not be reached; nothing or all was appended.</exception>
    Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> events after <paramref name="after"/>, oldest first, and no more of them than fit in
    /// <see cref="EventLogPage.MaxBytes"/>, unless the first alone is larger.
    /// </summary>
    Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The events of <paramref name="roomUuid"/> among the next <see cref="EventLogPage.MaxLookedAt"/> after
    /// <paramref name="after"/>, and among no more of them than fit in <see cref="EventLogPage.MaxBytes"/> (every room's
    /// counted, the first looked at always), paged as <see cref="ReadAsync"/> pages; the cursor is the last event looked at,
    /// so a page may hold none and still move on. The log picks them out where it holds them: other rooms' events are not carried.
    /// </summary>
    Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken);

    /// <summary>The position of the newest event (<see cref="EventCursor.Start"/> for an empty log).</summary>
    Task<EventCursor> GetEndAsync(CancellationToken cancellationToken);

    /// <summary>The position of the oldest event the log still holds (<see cref="EventCursor.Start"/> for an empty log).</summary>
    Task<EventCursor> GetStartAsync(CancellationToken cancellationToken);

    /// <summary>Whether the log holds an event at <paramref name="cursor"/>: not once it is trimmed, or lost with Redis's newest writes.</summary>
    Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken);

    /// <summary>
    /// A position before every event appended from <paramref name="instant"/> on, as the log can tell it: Redis stamps
    /// each entry with its own clock's milliseconds; the log in process holds nothing older than the process.
    /// </summary>
    EventCursor Before(DateTimeOffset instant);

    /// <summary>Completes when something may have been appended after it was taken, by any instance.</summary>
    Task NextAppend { get; }
}
