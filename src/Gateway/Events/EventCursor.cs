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

    public string StreamId => $"{Ms.ToString(CultureInfo.InvariantCulture)}-{Seq.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(StreamId));

    public int CompareTo(EventCursor other) => (Ms, Seq).CompareTo((other.Ms, other.Seq));

    /// <summary>The first position after this one; null after the last a stream id can name, which nothing follows.</summary>
    public EventCursor? Successor => Seq < ulong.MaxValue ? this with { Seq = Seq + 1 } : Ms < ulong.MaxValue ? new(Ms + 1, 0) : null;

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
