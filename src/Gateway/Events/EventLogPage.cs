using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Gateway.Events;

/// <summary>
/// Events after a cursor, oldest first, and the cursor to read on from (the given one when there are none). <c>Missed</c>:
/// the log appended events after the cursor, before the first one it looked at, that it no longer holds (the retention
/// trimmed them, or the cursor is of a log that was lost): a reader resuming there cannot have them. Never for a read from
/// <see cref="EventCursor.Start"/>, which asks for whatever the log holds.
/// </summary>
public sealed record EventLogPage(IReadOnlyList<LoggedEvent> Events, EventCursor Next, bool Missed = false)
{
    /// <summary>
    /// The most of its events' stored JSON a page holds, unless its first event alone is more: a room's properties are up
    /// to a body's 1 MiB each, and a page of <see cref="EventLogEndpoints.MaxLimit"/> such events, read whole by an admin's
    /// page, a stream's catch-up or the instance's reader of the log, would hold a gigabyte.
    /// </summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The most events a room's page looks at: in Redis, a script that looks at them holds every other client for the
    /// time it takes (a few milliseconds for this many), and a room's whole log is read in such steps.
    /// </summary>
    public const int MaxLookedAt = 5_000;

    /// <summary>About the bytes the event's JSON takes, as Redis holds it: its data and room, the rest a few bytes.</summary>
    public static int SizeOf(AgoraEvent logged) =>
        Encoding.UTF8.GetByteCount(logged.RoomUuid) + (logged.Data.ValueKind == JsonValueKind.Undefined ? 0 : JsonMarshal.GetRawUtf8Value(logged.Data).Length);
}
