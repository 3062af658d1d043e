using Gateway.Events;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Attendance;

/// <summary>
/// The events of the rooms whose attendance this instance was asked for lately, so that asking again reads only what
/// the log took since: a room's are read on from where its last read stopped, and cut where the log now begins. The
/// answer is the one a read of the whole log gives: when the log no longer holds the last event read (Redis lost its
/// newest writes in a failover, or everything), the room is read again from the start. At most <see cref="MaxHeld"/> of
/// events are kept, the rooms asked for least lately going first, each for <see cref="Idle"/> after it was last asked for.
/// </summary>
public sealed class RoomEventsCache(IEventLog log) : IDisposable
{
    /// <summary>The memory the kept events take, every room together, as <see cref="HeldBy"/> estimates it.</summary>
    public const long MaxHeld = 32 * 1024 * 1024;

    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    /// <summary>
    /// About the memory an event takes once read: its JSON twice (the parsed copy and its index) and the objects around
    /// it. Measured, 10,000 events of 150 bytes of JSON took about 900 bytes each, and of 2,160 bytes
    /// about 4,830; this counts 1,070 and 5,090.
    /// </summary>
    static long HeldBy(LoggedEvent logged) => 2L * EventLogPage.SizeOf(logged.Event) + 768;

    readonly MemoryCache _rooms = new(new MemoryCacheOptions { SizeLimit = MaxHeld });
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
            _rooms.Set(roomUuid, kept, Entry(kept.Held));
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

    /// <summary>A room's entry: its events' memory as <see cref="HeldBy"/> estimates it, and one for an empty room, which the cache's size limit counts too.</summary>
    static MemoryCacheEntryOptions Entry(long held) => new() { Size = held + 1, SlidingExpiration = Idle };

    public void Dispose() => _rooms.Dispose();

    sealed class KeptRoom
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public List<LoggedEvent> Events { get; } = [];
        public EventCursor ReadTo { get; private set; } = EventCursor.Start;
        public long Held { get; private set; }

        public void Add(EventLogPage page)
        {
            Events.AddRange(page.Events);
            Held += page.Events.Sum(HeldBy);
            ReadTo = page.Next;
        }

        public void DropBefore(EventCursor start)
        {
            var dropped = Events.FindIndex(e => e.Cursor.CompareTo(start) >= 0) is var kept and >= 0 ? kept : Events.Count;
            Held -= Events.Take(dropped).Sum(HeldBy);
            Events.RemoveRange(0, dropped);
        }

        public void Forget()
        {
            Events.Clear();
            Held = 0;
            ReadTo = EventCursor.Start;
        }
    }
}
