using System.Buffers;
using System.Globalization;
using Gateway.Events;

namespace Gateway.Audit;

/// <summary>
/// The trail of a single instance without Redis: the newest <see cref="MaxEntries"/> entries younger than
/// <c>Audit:RetentionDays</c>, lost when the process ends. Kept in one array-backed queue of values, oldest first, each
/// entry's fields inline (<see cref="KeptEntry"/>): at the bound, an object per entry, its request id as text and its
/// room's name repeated made the heap after 100,000 joins 46 MB; kept so, it is 33 MB (the queue's array 13 MB of it).
/// The queue's array is made at its full size at once: grown by doubling, it left each smaller array on the large object
/// heap until a full collection, 17–19 MB more resident after 100,000 joins; the system hands its pages over only as
/// entries fill them.
/// </summary>
public sealed class InProcessAuditTrail(IOptions<AuditOptions> options, TimeProvider time) : IAuditTrail
{
    public const int MaxEntries = 100_000;

    readonly Lock _gate = new();
    readonly Queue<KeptEntry> _entries = new(MaxEntries);
    readonly string?[] _recentRooms = new string?[64];

    /// <summary>The cursors' first part, as the in-process event log's (<see cref="InProcessEventLog"/>): this trail's first moment.</summary>
    readonly ulong _epoch = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
    ulong _last;

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (_entries.Count == MaxEntries)
                {
                    _entries.Dequeue();
                }
                _entries.Enqueue(KeptEntry.Of(++_last, entry, SharedRoom(entry.RoomUuid)));
            }
            DropExpired();
        }
        return Task.CompletedTask;
    }

    public Task<AuditPage> ReadAsync(EventCursor after, int limit, AuditFilter filter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DropExpired();
            var from = after.Ms == _epoch ? after : EventCursor.Start;
            var page = _entries.Where(e => e.Position > from.Seq && filter.Matches(e.RoomUuid, e.Actor, e.Target, e.TargetKind)).Take(limit)
                .Select(e => new StoredAuditEntry(new EventCursor(_epoch, e.Position), e.ToEntry())).ToList();
            // Without a full page every entry was looked at: the reader goes on from the newest one. Measured against where the
            // read began, not the cursor given: another process's cursor, a later one too, orders after every entry of this
            // trail, and answered as `next` it read them all again on every page.
            var last = new EventCursor(_epoch, _last);
            var next = page.Count == limit ? page[^1].Cursor : _entries.Count > 0 && last.CompareTo(from) > 0 ? last : from;
            // The first entry looked at, whatever the filter: the oldest kept, or the one after the cursor. A read that looked
            // at none tells by where the trail ends, as the event log's does: another process's cursor on an empty trail
            // missed what that process's trail held after it.
            var missed = _entries.TryPeek(out var oldest) && last.CompareTo(from) > 0
                ? after.Missed(_epoch, new EventCursor(_epoch, Math.Max(oldest.Position, from.Seq + 1)))
                : after.MissedPast(_epoch, _entries.Count > 0 ? last : EventCursor.Start);
            return Task.FromResult(new AuditPage(page, next, missed));
        }
    }

    /// <summary>Entries older than the retention go, on a read as on an append: an instance no write reaches keeps none longer.</summary>
    void DropExpired()
    {
        var oldest = (time.GetUtcNow() - options.Value.Retention).UtcTicks;
        while (_entries.TryPeek(out var first) && first.UtcTicks < oldest)
        {
            _entries.Dequeue();
        }
    }

    /// <summary>The room's name as an entry kept before had it, so that the calls of one class share one string.</summary>
    string? SharedRoom(string? room)
    {
        if (room is null)
        {
            return null;
        }
        ref var recent = ref _recentRooms[(uint)room.GetHashCode() % (uint)_recentRooms.Length];
        if (recent != room)
        {
            recent = room;
        }
        return recent;
    }

    /// <summary>
    /// An entry's fields as a value: its time as UTC ticks (the recorder takes it from <see cref="TimeProvider.GetUtcNow"/>),
    /// and a request id the gateway drew (32 lowercase hex digits) as its 128 bits; any other id is kept as it came.
    /// </summary>
    readonly record struct KeptEntry(ulong Position, long UtcTicks, string Actor, IReadOnlyList<string> Roles, string Action,
        string? RoomUuid, string? Target, string? TargetKind, int? State, bool? ClientLeft, int Status, int Code, UInt128 DrawnRequestId, string? OtherRequestId)
    {
        const int DrawnIdLength = 32;
        static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

        public static KeptEntry Of(ulong position, AuditEntry entry, string? room)
        {
            var bits = UInt128.Zero;
            var drawn = IsDrawn(entry.RequestId)
                && UInt128.TryParse(entry.RequestId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bits);
            return new KeptEntry(position, entry.Time.UtcTicks, entry.Actor, entry.Roles, entry.Action, room, entry.Target,
                entry.TargetKind, entry.State, entry.ClientLeft, entry.Status, entry.Code, bits, drawn ? null : entry.RequestId);
        }

        public AuditEntry ToEntry() => new(new DateTimeOffset(UtcTicks, TimeSpan.Zero), Actor, Roles, Action, RoomUuid, Target,
            Status, Code, OtherRequestId ?? DrawnRequestId.ToString("x32", CultureInfo.InvariantCulture)) { TargetKind = TargetKind, State = State, ClientLeft = ClientLeft };

        /// <summary>Only the form the gateway writes reads back the same from its bits: no capitals, every leading zero.</summary>
        static bool IsDrawn(string id) => id.Length == DrawnIdLength && !id.AsSpan().ContainsAnyExcept(LowercaseHex);
    }
}
