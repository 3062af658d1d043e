using Gateway.Events;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Attendance;

/// <summary>
/// The events of the rooms whose attendance this instance was asked for lately, so that asking again reads only what
/// the log took since: a room's are read on from where its last read stopped, and cut where the log now begins. The
/// answer is the one a read of the whole log gives: when the log no longer holds the last event read (Redis lost its
/// newest writes in a failover, or everything), the room is read again from the start. At most <see cref="MaxBytes"/> of
/// events are kept, the rooms asked for least lately going first, each for <see cref="Idle"/> after it was last asked for.
/// </summary>
public sealed class RoomEventsCache(IEventLog log) : IDisposable
{
    /// <summary>The events' bytes kept, every room together (<see cref="EventLogPage.SizeOf"/>).</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    readonly MemoryCache _rooms = new(new MemoryCacheOptions { SizeLimit = MaxBytes });
    readonly Lock _adding = new();

    /// <summary>Every event of <paramref name="roomUuid"/> the log holds, oldest first.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(string roomUuid, CancellationToken cancellationToken)
    {
        var kept = KeptFor(roomUuid);
        await kept.Gate.WaitAsync(cancellationToken);
        try
        {
            var start = await log.GetStartAsync(cancellationToken);
            if (kept.ReadTo != EventCursor.Start && kept.ReadTo.CompareTo(start) >= 0 && !await log.HoldsAsync(kept.ReadTo, cancellationToken))
            {
                kept.Forget();
            }
            kept.DropBefore(start);
            while (await log.ReadRoomAsync(roomUuid, kept.ReadTo, EventLogEndpoints.MaxLimit, cancellationToken) is { } page
                && page.Next != kept.ReadTo)
            {
                kept.Add(page);
            }
            _rooms.Set(roomUuid, kept, Entry(kept.Bytes));
            return [.. kept.Events];
        }
        finally
        {
            kept.Gate.Release();
        }
    }

    /// <summary>
    /// The room's kept events, added empty when there are none, so that asks made while the first reads the room wait for
    /// that read at its gate and read on from where it stopped, rather than each reading the whole log.
    /// </summary>
    KeptRoom KeptFor(string roomUuid)
    {
        lock (_adding)
        {
            return _rooms.Get<KeptRoom>(roomUuid) ?? _rooms.Set(roomUuid, new KeptRoom(), Entry(0));
        }
    }

    /// <summary>A room's entry: its events' bytes, and one for an empty room, which the cache's size limit counts too.</summary>
    static MemoryCacheEntryOptions Entry(long bytes) => new() { Size = bytes + 1, SlidingExpiration = Idle };

    public void Dispose() => _rooms.Dispose();

    sealed class KeptRoom
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public List<LoggedEvent> Events { get; } = [];
        public EventCursor ReadTo { get; private set; } = EventCursor.Start;
        public long Bytes { get; private set; }

        public void Add(EventLogPage page)
        {
            Events.AddRange(page.Events);
            Bytes += page.Events.Sum(e => (long)EventLogPage.SizeOf(e.Event));
            ReadTo = page.Next;
        }

        public void DropBefore(EventCursor start)
        {
            var dropped = Events.FindIndex(e => e.Cursor.CompareTo(start) >= 0) is var kept and >= 0 ? kept : Events.Count;
            Bytes -= Events.Take(dropped).Sum(e => (long)EventLogPage.SizeOf(e.Event));
            Events.RemoveRange(0, dropped);
        }

        public void Forget()
        {
            Events.Clear();
            Bytes = 0;
            ReadTo = EventCursor.Start;
        }
    }
}
