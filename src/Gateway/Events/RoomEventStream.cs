using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Gateway.Events;

/// <summary>
/// One room's events from a cursor on, as Server-Sent Events items: <c>id:</c> the event's cursor (so a reconnecting
/// client resumes with <c>Last-Event-ID</c>), <c>event:</c> its cmd, <c>data:</c> the event. The first item, and one
/// whenever the room has been quiet for a heartbeat, is a <c>ping</c> without data, which keeps idle connections open;
/// the first also sets the reconnection delay. The items end when the client goes, or (for the client to reconnect)
/// when the log fails.
/// </summary>
public static class RoomEventStream
{
    public const string Ping = "ping";
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(2);

    const int PageSize = 200;

    public static async IAsyncEnumerable<SseItem<AgoraEvent?>> ReadAsync(string roomUuid, EventCursor after, IEventLog log,
        TimeProvider time, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<AgoraEvent?>(null, Ping) { ReconnectionInterval = ReconnectAfter };
        var cursor = after;
        var lastItem = time.GetTimestamp();
        while (await NextPageAsync(log, cursor, time, heartbeat, cancellationToken) is { } page)
        {
            var sent = false;
            foreach (var logged in page.Events.Where(e => e.Event.RoomUuid == roomUuid))
            {
                yield return new SseItem<AgoraEvent?>(logged.Event, logged.Event.Cmd.ToString(CultureInfo.InvariantCulture)) { EventId = logged.Cursor.ToString() };
                sent = true;
            }
            cursor = page.Next;
            if (!sent && time.GetElapsedTime(lastItem) >= heartbeat)
            {
                yield return new SseItem<AgoraEvent?>(null, Ping);
                sent = true;
            }
            if (sent)
            {
                lastItem = time.GetTimestamp();
            }
        }
    }

    /// <summary>The next page within a heartbeat; null when the stream ends: the client went, or the log cannot be read.</summary>
    static async Task<EventLogPage?> NextPageAsync(IEventLog log, EventCursor after, TimeProvider time, TimeSpan heartbeat,
        CancellationToken cancellationToken)
    {
        try
        {
            return await log.WaitForPageAsync(after, PageSize, heartbeat, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (EventLogUnavailableException)
        {
            return null;
        }
    }
}
