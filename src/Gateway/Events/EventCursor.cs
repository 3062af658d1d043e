using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Gateway.Events;

/// <summary>
/// A position in the event log: a Redis stream entry id (<c>ms-seq</c>), which the in-process log imitates.
/// Clients only ever see it opaque (base64url of the id), so the storage can change without breaking them.
/// </summary>
public readonly record struct EventCursor(ulong Ms, ulong Seq) : IComparable<EventCursor>
{
    public const int MaxOpaqueLength = 64;

    /// <summary>Before the first event.</summary>
    public static readonly EventCursor Start = new(0, 0);

    /// <summary>
    /// Before the first event too, for a follower of the log that found it empty (<see cref="EventLogFollower"/>): a read
    /// from <see cref="Start"/> asks for whatever the log holds and never says it missed events, while one from here says
    /// so when the log no longer holds the first it appended. No log names an entry here.
    /// </summary>
    public static readonly EventCursor BeforeTheFirst = new(0, 1);

    public string StreamId => $"{Ms.ToString(CultureInfo.InvariantCulture)}-{Seq.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(StreamId));

    public int CompareTo(EventCursor other) => (Ms, Seq).CompareTo((other.Ms, other.Seq));

    /// <summary>The first position after this one; null after the last a stream id can name, which nothing follows.</summary>
    public EventCursor? Successor => Seq < ulong.MaxValue ? this with { Seq = Seq + 1 } : Ms < ulong.MaxValue ? new(Ms + 1, 0) : null;

    /// <summary>
    /// Just before every entry a stream numbers from the millisecond <paramref name="ms"/> on: a position between entries,
    /// which names none, as no stream numbers one with the last sequence a millisecond can take.
    /// </summary>
    public static EventCursor BeforeMillisecond(ulong ms) => ms == 0 ? Start : new(ms - 1, ulong.MaxValue);

    /// <summary>Whether this cursor names an entry, as a log's do, rather than a position between entries a reader chose.</summary>
    bool NamesAnEntry => this != Start && this != BeforeTheFirst && Seq != ulong.MaxValue;

    /// <summary>
    /// Whether a read from this cursor missed entries its log no longer holds (its retention trimmed them, or the log was
    /// lost): <paramref name="before"/>, the entry appended just before the first one the read looked at, which it looks
    /// for from the one after this cursor, came after this cursor; or before it, when this cursor names an entry: the log
    /// appended the first one looked at right after an entry before the cursor's, so it does not hold the cursor's (Redis
    /// restarted from an older snapshot, a failover to a replica behind, and appends since), nor what came after it there.
    /// Null when the log cannot tell which entry that was (one that names none, another log's cursor): it cannot rule out
    /// that the read missed some, and says it did. Never from <see cref="Start"/>, which asks for whatever the log holds.
    /// From <see cref="BeforeTheFirst"/> a null is the first entry the log appended (the stream held none before it; the
    /// first of the process's log), and nothing was missed. Asked of a read that looked at an entry; one that looked at
    /// none asks <see cref="MissedPast(EventCursor)"/>.
    /// </summary>
    public bool Missed(EventCursor? before) =>
        this != Start && (before is { } previous
            ? CompareTo(previous) is var order && (order < 0 || (order > 0 && NamesAnEntry))
            : this != BeforeTheFirst);

    /// <summary>
    /// <see cref="Missed(EventCursor?)"/> with the entry before as the stream's read scripts answer it: its id, or <c>''</c>
    /// where the stream cannot tell which entry came before.
    /// </summary>
    public bool Missed(string before) => Missed(TryParseStreamId(before, out var previous) ? previous : null);

    /// <summary>
    /// <see cref="Missed(EventCursor?)"/> in a log whose cursors count its entries one by one from <paramref name="epoch"/>
    /// (a log in process), <paramref name="first"/> the first entry looked at: the one before it is counted just before it,
    /// and a cursor of another epoch is of a log that went with its process; before <see cref="BeforeTheFirst"/> comes the
    /// log's first entry, the one counted 1.
    /// </summary>
    public bool Missed(ulong epoch, EventCursor first) =>
        Missed(Ms == epoch || (this == BeforeTheFirst && first.Seq > 1) ? first with { Seq = first.Seq - 1 } : null);

    /// <summary>
    /// Whether a read from this cursor that looked at no entry, as the log ends at <paramref name="end"/>, missed entries: a
    /// cursor past the log's end names an entry the log does not hold, of a log that was lost (Redis restarted empty or from
    /// an older snapshot, a failover to a replica behind; another process's, in process), and what that log held after it
    /// went with it. The log cannot tell that it held nothing more, and the read says it missed some. Never from
    /// <see cref="Start"/> or <see cref="BeforeTheFirst"/>, which name no entry.
    /// </summary>
    public bool MissedPast(EventCursor end) => end.CompareTo(this) < 0 && Missed((EventCursor?)null);

    /// <summary>
    /// <see cref="MissedPast(EventCursor)"/> in a log whose cursors count its entries from <paramref name="epoch"/> (a log in
    /// process): a cursor of its own past its end is none it ever held, as it loses entries to its retention alone, and
    /// nothing was missed after it.
    /// </summary>
    public bool MissedPast(ulong epoch, EventCursor end) => Ms != epoch && MissedPast(end);

    /// <summary>
    /// Where a read that looked at no entry goes on from: this cursor, or the log's <paramref name="end"/> when that comes
    /// first. A cursor past the end names no entry the log holds (Redis lost its newest writes, another log's or process's
    /// cursor), and a reader that kept it as its last would pass over every entry the log numbers before it.
    /// </summary>
    public EventCursor NoFurtherThan(EventCursor end) => end.CompareTo(this) < 0 ? end : this;

    public static bool TryParse(string? opaque, out EventCursor cursor)
    {
        cursor = Start;
        if (opaque is null or { Length: 0 or > MaxOpaqueLength })
        {
            return false;
        }
        try
        {
            return TryParseStreamId(Encoding.ASCII.GetString(Base64Url.DecodeFromChars(opaque)), out cursor);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool TryParseStreamId(string? id, out EventCursor cursor)
    {
        cursor = Start;
        var dash = id?.IndexOf('-') ?? -1;
        if (dash <= 0
            || !ulong.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }
        cursor = new EventCursor(ms, seq);
        return true;
    }
}
