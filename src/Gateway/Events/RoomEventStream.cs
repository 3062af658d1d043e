using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Gateway.Events;

/// <summary>
/// One room's events as Server-Sent Events items: <c>id:</c> the event's cursor (so a reconnecting client resumes with
/// <c>Last-Event-ID</c>), <c>event:</c> its cmd, <c>data:</c> the event. The first item, and one whenever the room has been
/// quiet for a heartbeat, is a <c>ping</c> without data, which keeps idle connections open; the first also sets the
/// reconnection delay. A resumed stream first catches up from the log, then takes what <see cref="RoomEventHub"/> hands
/// its subscription. The items end when the client goes, when the sign-in behind the stream expires, when the client
/// falls too far behind, or (for the client to reconnect) when catching up fails.
/// </summary>
public static class RoomEventStream
{
    public const string Ping = "ping";
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(2);
    public const int PageSize = 200;

    /// <summary>Longer than any sign-in lives, shorter than the longest delay a timer takes.</summary>
    static readonly TimeSpan NoDeadline = TimeSpan.FromDays(20);

    enum Wake { Events, Timeout, End }

    /// <summary>
    /// The stream of <paramref name="subscription"/>'s room; <paramref name="catchUp"/> is, for a resumed stream, the first page of
    /// the log after the client's last event (null for a new one), and <paramref name="endsAt"/> when the sign-in behind it expires.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<AgoraEvent?>> ReadAsync(RoomSubscription subscription, EventLogPage? catchUp,
        IEventLog log, TimeProvider time, TimeSpan heartbeat, DateTimeOffset? endsAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The sign-in's end is a time the waits below count down to, not a cancellation source of its own: an open stream
        // holds one timer, the wait's.
        var opened = time.GetTimestamp();
        var lifetime = Until(endsAt, time);
        yield return new SseItem<AgoraEvent?>(null, Ping) { ReconnectionInterval = ReconnectAfter };
        var lastSent = subscription.From;
        // A resumed stream reads the log up to where the hub took over; what the hub hands over is skipped up to what was sent.
        for (var page = catchUp; page is not null;)
        {
            foreach (var logged in page.Events)
            {
                if (logged.Event.RoomUuid == subscription.RoomUuid)
                {
                    yield return Item(logged);
                }
            }
            lastSent = page.Next;
            if (page.Events.Count == 0 || page.Next.CompareTo(subscription.From) >= 0 || time.GetElapsedTime(opened) >= lifetime)
            {
                break;
            }
            page = await NextPageAsync(log, page.Next, cancellationToken);
            if (page is null)
            {
                yield break;
            }
        }
        var lastItem = time.GetTimestamp();
        Task<bool>? waiting = null;
        while (true)
        {
            while (subscription.Events.TryRead(out var logged))
            {
                if (logged.Cursor.CompareTo(lastSent) > 0)
                {
                    yield return Item(logged);
                    lastSent = logged.Cursor;
                    lastItem = time.GetTimestamp();
                }
            }
            var untilEnd = lifetime - time.GetElapsedTime(opened);
            if (untilEnd <= TimeSpan.Zero)
            {
                yield break;
            }
            if (time.GetElapsedTime(lastItem) >= heartbeat)
            {
                yield return new SseItem<AgoraEvent?>(null, Ping);
                lastItem = time.GetTimestamp();
            }
            waiting ??= subscription.Events.WaitToReadAsync(cancellationToken).AsTask();
            var untilHeartbeat = heartbeat - time.GetElapsedTime(lastItem);
            var wake = await WaitAsync(waiting, untilHeartbeat < untilEnd ? untilHeartbeat : untilEnd, time, cancellationToken);
            if (wake == Wake.End)
            {
                yield break;
            }
            if (wake == Wake.Events)
            {
                waiting = null;
            }
        }
    }

    static SseItem<AgoraEvent?> Item(LoggedEvent logged) =>
        new(logged.Event, logged.Event.Cmd.ToString(CultureInfo.InvariantCulture)) { EventId = logged.Cursor.ToString() };

    static TimeSpan Until(DateTimeOffset? endsAt, TimeProvider time) => endsAt is { } end
        ? TimeSpan.FromTicks(Math.Clamp((end - time.GetUtcNow()).Ticks, 0, NoDeadline.Ticks))
        : NoDeadline;

    /// <summary>Events waiting, the time given passed (a heartbeat or the sign-in's end is due), or the end: the client went, the hub cut the stream off.</summary>
    static async Task<Wake> WaitAsync(Task<bool> waiting, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await waiting.WaitAsync(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, time, cancellationToken) ? Wake.Events : Wake.End;
        }
        catch (TimeoutException)
        {
            return Wake.Timeout;
        }
        catch (OperationCanceledException)
        {
            return Wake.End;
        }
    }

    /// <summary>The next page of the catch-up; null when the stream ends: the client went, or the log cannot be read.</summary>
    static async Task<EventLogPage?> NextPageAsync(IEventLog log, EventCursor after, CancellationToken cancellationToken)
    {
        try
        {
            return await log.ReadAsync(after, PageSize, cancellationToken);
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
