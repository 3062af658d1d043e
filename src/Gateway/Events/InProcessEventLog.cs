namespace Gateway.Events;

/// <summary>
/// The log of a single instance without Redis: the same cursors and guarantees, bounded by the same retention,
/// lost when the process ends. Its one instance always holds the poller's lease.
/// </summary>
public sealed class InProcessEventLog(IOptions<EventsOptions> options, TimeProvider time) : IEventLog, IPollerLease
{
    public const string LocalFence = "local";

    readonly Lock _gate = new();
    /// <summary>
    /// Oldest first, their cursors one after another: the one after a cursor is found by its place, not by a walk from the
    /// start. The log is the last <see cref="_retention"/> of them; the older go an eighth of the retention at a time.
    /// </summary>
    readonly List<Held> _events = [];
    /// <summary>
    /// A duplicate here is an append made again right after the one it repeats (the poller's retry): the keys are kept for
    /// the newest events, as many as the log keeps, not for the whole window Redis's are, which at a busy school's rate of
    /// events would hold millions of them in this process beside a log of a hundred thousand.
    /// </summary>
    readonly RecentEventKeys _seen = new(time, options.Value.DedupeWindow, options.Value.RetentionEvents);
    readonly AppendSignal _signal = new();
    readonly int _retention = options.Value.RetentionEvents;

    /// <summary>
    /// The cursors' first part: this log's first moment (Unix ms). A cursor of an earlier process, whose log went with it,
    /// reads this one from its start instead of from a position this log has not reached.
    /// </summary>
    readonly ulong _epoch = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
    ulong _last;

    public Task NextAppend => _signal.Next;

    /// <summary>How many appended events' keys are remembered, to drop a retried append's duplicates.</summary>
    public int DedupeKeys
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    public Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var polled in events.Where(e => _seen.TryAdd(e)))
            {
                _events.Add(new Held(new LoggedEvent(new EventCursor(_epoch, ++_last), polled, now), EventLogPage.SizeOf(polled)));
            }
            if (_events.Count - _retention > _retention / 8)
            {
                _events.RemoveRange(0, _events.Count - _retention);
            }
        }
        _signal.Pulse();
        return Task.FromResult(true);
    }

    public Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(Read(after, limit, limit, null));

    public Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(Read(after, limit, EventLogPage.MaxLookedAt, roomUuid));

    /// <summary>
    /// The events of <paramref name="roomUuid"/> (null: of every room) among the next <paramref name="lookAt"/>, looked at
    /// while their bytes stay within <see cref="EventLogPage.MaxBytes"/>.
    /// </summary>
    EventLogPage Read(EventCursor after, int limit, int lookAt, string? roomUuid)
    {
        lock (_gate)
        {
            var from = after.Ms == _epoch ? after : EventCursor.Start;
            var start = Math.Max(0, _events.Count - _retention);
            if (_events.Count > 0 && from.Seq >= _events[0].Event.Cursor.Seq)
            {
                start = (int)Math.Min((ulong)_events.Count, Math.Max((ulong)start, from.Seq - _events[0].Event.Cursor.Seq + 1));
            }
            var page = new List<LoggedEvent>();
            var bytes = 0L;
            // Where the read began when it looked at none, not the cursor given: another process's cursor (a later one too)
            // reads this log from its start; and never past the log's end (one this log has not reached).
            var end = _events.Count > 0 ? _events[^1].Event.Cursor : EventCursor.Start;
            var next = from.NoFurtherThan(end);
            var missed = start < _events.Count ? after.Missed(_epoch, _events[start].Event.Cursor) : after.MissedPast(_epoch, end);
            for (var i = start; i < _events.Count && i - start < lookAt; i++)
            {
                var held = _events[i];
                var wanted = roomUuid is null || held.Event.Event.RoomUuid == roomUuid;
                // Other rooms' events count for the bytes looked at, as in Redis's read.
                if ((wanted && page.Count == limit) || (i > start && bytes + held.Bytes > EventLogPage.MaxBytes))
                {
                    break;
                }
                bytes += held.Bytes;
                if (wanted)
                {
                    page.Add(held.Event);
                }
                next = held.Event.Cursor;
            }
            return new EventLogPage(page, next, missed);
        }
    }

    public Task<EventCursor> GetEndAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_events.Count > 0 ? _events[^1].Event.Cursor : EventCursor.Start);
        }
    }

    public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var start = Math.Max(0, _events.Count - _retention);
            return Task.FromResult(start < _events.Count ? _events[start].Event.Cursor : EventCursor.Start);
        }
    }

    public async Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken) =>
        cursor.Ms == _epoch && cursor.CompareTo(await GetStartAsync(cancellationToken)) >= 0
            && cursor.CompareTo(await GetEndAsync(cancellationToken)) <= 0;

    public EventCursor Before(DateTimeOffset instant) => EventCursor.Start;

    readonly record struct Held(LoggedEvent Event, int Bytes);

    public Task<string?> TryHoldAsync(string? held, CancellationToken cancellationToken) => Task.FromResult<string?>(LocalFence);

    public Task ReleaseAsync(string held, CancellationToken cancellationToken) => Task.CompletedTask;
}
