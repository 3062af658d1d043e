using System.Buffers;
using System.IO.Pipelines;
using Gateway.Identity;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Events;

/// <summary>
/// One room's events as Server-Sent Events, each item as <see cref="EventFrames"/> formats it: <c>id:</c> the event's cursor
/// (so a reconnecting client resumes with <c>Last-Event-ID</c>), <c>event:</c> its cmd, <c>data:</c> the event. The first
/// item, and one whenever the room has been quiet for a heartbeat, is a <c>ping</c> without data, which keeps idle
/// connections open; the first also sets the reconnection delay. A <c>missed</c> item without data or id says events were
/// lost before the next (<see cref="EventFrames.Missed"/>). A resumed stream first catches up from the log, then
/// writes what <see cref="RoomEventHub"/> hands its subscription, the frames waiting at one flush, up to a page's bytes
/// (<see cref="EventLogPage.MaxBytes"/>). The stream ends when the
/// client goes, when the sign-in behind it expires, when the client falls too far behind, after an event that says its
/// user was kicked out of the room (a reconnection is refused while a dirty kick's ban runs, <see cref="RoomStreams"/>),
/// or (for the client to reconnect) when catching up fails or the instance stops. A send the client is not taking in
/// when the stream must end is given up and the connection aborted: otherwise a client that stops reading would hold its
/// stream, its place among the user's streams and a stopping instance for as long as the connection lives. Between
/// events it holds no buffer: the frames are the hub's, shared by the room's streams. <c>catchUp</c> is, for a resumed
/// stream, the first page of the room's events in the log after <c>resumedAfter</c>, the client's last event (null for a
/// new one): the log picks them out (<see cref="IEventLog.ReadRoomAsync"/>), so a reconnection reads and deserializes
/// its room's events, not every room's since then, and the ids stay the whole log's cursors. <c>endsAt</c> is when the
/// sign-in behind the stream expires. Its end is one line in its request's scope, naming the room and why: <c>Information</c>
/// when the gateway cut the client off (it fell behind, or its connection was aborted), <c>Debug</c> otherwise.
/// </summary>
public sealed partial class RoomEventStream(RoomSubscription subscription, EventCursor resumedAfter, EventLogPage? catchUp, IEventLog log,
    EventFrames frames, TimeProvider time, TimeSpan heartbeat, DateTimeOffset? endsAt, ILogger<RoomEventStream> logger) : IResult
{
    public const int PageSize = 200;

    /// <summary>Longer than any sign-in lives, shorter than the longest delay a timer takes.</summary>
    static readonly TimeSpan NoDeadline = TimeSpan.FromDays(20);

    /// <summary>The stream's one timer, for its heartbeat and its end, set as it starts.</summary>
    ITimer? _due;
    long _opened;
    TimeSpan _lifetime;

    /// <summary>
    /// The headers and buffering of the framework's own Server-Sent Events result, and a proxy in front told not to buffer
    /// either; then the items until the stream ends.
    /// </summary>
    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentEncoding = "identity";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        _opened = time.GetTimestamp();
        _lifetime = Until(endsAt, time);
        // The heartbeat and the sign-in's end wake the wait through the subscription, on one timer the stream holds for its
        // life; at the sign-in's end it ends the subscription, which gives up a send still pending.
        using var due = _due = time.CreateTimer(static state => ((RoomEventStream)state!).OnDue(), this, Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        due.Change(_lifetime, Timeout.InfiniteTimeSpan);
        var aborted = false;
        RoomStreamEnd end;
        try
        {
            end = await WriteAsync(response.BodyWriter, Caller.Of(context).UserId, context.RequestAborted, subscription.Ended);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            end = RoomStreamEnd.ClientGone;
        }
        catch (OperationCanceledException) when (subscription.Ended.IsCancellationRequested)
        {
            // A send the client was not taking in: the response cannot end in order, so the connection goes with it.
            context.Abort();
            (end, aborted) = (subscription.Ending ?? RoomStreamEnd.SignInExpired, true);
        }
        LogEnd(end, aborted);
    }

    void LogEnd(RoomStreamEnd end, bool aborted)
    {
        var seconds = (long)time.GetElapsedTime(_opened).TotalSeconds;
        if (aborted)
        {
            LogAborted(logger, subscription.RoomUuid, seconds, Reason(end));
        }
        else
        {
            LogEnded(logger, end == RoomStreamEnd.FellBehind ? LogLevel.Information : LogLevel.Debug, subscription.RoomUuid, seconds, Reason(end));
        }
    }

    static string Reason(RoomStreamEnd end) => end switch
    {
        RoomStreamEnd.SignInExpired => "the sign-in that opened it expired",
        RoomStreamEnd.FellBehind => $"its client fell {RoomSubscription.Capacity} events behind, and was cut off to reconnect and catch up from the log",
        RoomStreamEnd.InstanceStopping => "this instance is stopping",
        RoomStreamEnd.Kicked => "its user was kicked out of the room",
        RoomStreamEnd.CatchUpFailed => "the log could not be read to catch up",
        _ => "the client went",
    };

    [LoggerMessage(Message = "Room {RoomUuid}'s stream ended after {Seconds} s: {Reason}")]
    static partial void LogEnded(ILogger logger, LogLevel level, string roomUuid, long seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Room {RoomUuid}'s stream ended after {Seconds} s: {Reason}; its client was not taking in what was sent, so its connection was aborted")]
    static partial void LogAborted(ILogger logger, string roomUuid, long seconds, string reason);

    TimeSpan UntilEnd => _lifetime - time.GetElapsedTime(_opened);

    /// <summary>
    /// The timer is due: at the sign-in's end the stream ends; before it, the stream wakes for its heartbeat, the timer set
    /// for the end first, so that a send the client is not taking in meanwhile is still given up then (a wait sets it again).
    /// </summary>
    void OnDue()
    {
        if (UntilEnd is var untilEnd && untilEnd <= TimeSpan.Zero)
        {
            subscription.Expire();
            return;
        }
        _due!.Change(untilEnd, Timeout.InfiniteTimeSpan);
        subscription.Wake();
    }

    /// <summary>
    /// Writes the stream of <paramref name="userUuid"/>. The sign-in's end is also a time the waits count down to, so that a
    /// stream whose sends go through ends in order; <paramref name="sending"/> gives up a send that has not gone through when
    /// the stream must end. A kick in the catch-up is past (the user was let in again since, or its ban refused the stream),
    /// unless it came after the stream opened, when the catch-up carries it in the hub's stead. Answers why it ended.
    /// </summary>
    async Task<RoomStreamEnd> WriteAsync(PipeWriter body, string userUuid, CancellationToken cancellationToken, CancellationToken sending)
    {
        if (!await SendAsync(body, await EventFrames.Opening, sending))
        {
            return RoomStreamEnd.ClientGone;
        }
        var lastSent = subscription.From;
        // A resumed stream reads the room's events in the log up to where the hub took over; what the hub hands over is
        // skipped up to what was sent. A page may hold none of them and still move on, past other rooms' events.
        for (var (page, after) = (catchUp, resumedAfter); page is not null;)
        {
            var kicked = false;
            if (page.Missed)
            {
                body.Write(await EventFrames.Missed);
            }
            foreach (var logged in page.Events)
            {
                var frame = await frames.FormatAsync(logged);
                body.Write(frame.Bytes);
                // An event after the hub's position came after the stream opened: its kick is not past. The hub hands it
                // over too, but as sent already.
                if (logged.Cursor.CompareTo(subscription.From) > 0 && frame.Kicks(userUuid))
                {
                    kicked = true;
                    break;
                }
            }
            lastSent = page.Next;
            if (!await FlushAsync(body, sending))
            {
                return RoomStreamEnd.ClientGone;
            }
            if (kicked)
            {
                return RoomStreamEnd.Kicked;
            }
            // A page that looked at nothing is the log's end, before the hub's position when Redis lost its newest writes.
            if (page.Next == after || page.Next.CompareTo(subscription.From) >= 0 || UntilEnd <= TimeSpan.Zero)
            {
                break;
            }
            after = page.Next;
            page = await NextPageAsync(log, subscription.RoomUuid, after, cancellationToken);
            if (page is null)
            {
                return RoomStreamEnd.CatchUpFailed;
            }
        }
        var lastItem = time.GetTimestamp();
        var missed = await EventFrames.MissedByTheHub;
        // The client's going wakes the wait as the timer does: a wait given no token reuses the channel's one waiter rather
        // than making and registering one for every wait, which every event asks of every stream.
        using var clientGone = cancellationToken.UnsafeRegister(static state => ((RoomSubscription)state!).Wake(), subscription);
        while (!cancellationToken.IsCancellationRequested)
        {
            var (written, kicked, bytes) = (false, false, 0L);
            // At most a buffer's worth at one flush: read while the hub writes, the loop would take every event it hands
            // over into the body unsent, without bound, and a client that stops reading would never fall behind and be cut off.
            // And no more bytes than a page of the log holds, the first frame always: the body copies what it is given, and a
            // buffer of a room's large events (properties of up to a body's 1 MiB) would be a gigabyte at one flush, each stream's own.
            for (var taken = 0; !kicked && taken < RoomSubscription.Capacity && bytes < EventLogPage.MaxBytes
                && subscription.Events.TryRead(out var frame); taken++)
            {
                if (frame.Cursor.CompareTo(lastSent) > 0)
                {
                    body.Write(frame.Bytes);
                    bytes += frame.Bytes.Length;
                    (written, kicked) = (true, frame.Kicks(userUuid));
                    lastSent = frame.Cursor;
                    lastItem = time.GetTimestamp();
                }
                else if (ReferenceEquals(frame, missed))
                {
                    // The hub missed events, perhaps this room's: said before the next event, without moving the client's id.
                    body.Write(frame.Bytes);
                    (written, lastItem) = (true, time.GetTimestamp());
                }
            }
            if (written && !await FlushAsync(body, sending))
            {
                return RoomStreamEnd.ClientGone;
            }
            if (kicked)
            {
                return RoomStreamEnd.Kicked;
            }
            var untilEnd = UntilEnd;
            if (untilEnd <= TimeSpan.Zero)
            {
                return RoomStreamEnd.SignInExpired;
            }
            if (time.GetElapsedTime(lastItem) >= heartbeat)
            {
                if (!await SendAsync(body, await EventFrames.Heartbeat, sending))
                {
                    return RoomStreamEnd.ClientGone;
                }
                lastItem = time.GetTimestamp();
            }
            var untilHeartbeat = heartbeat - time.GetElapsedTime(lastItem);
            _due!.Change(untilHeartbeat < untilEnd ? untilHeartbeat : untilEnd, Timeout.InfiniteTimeSpan);
            // False: the hub cut the stream off, the sign-in ended, or the instance stops.
            if (!await subscription.Events.WaitToReadAsync())
            {
                return subscription.Ending ?? RoomStreamEnd.ClientGone;
            }
        }
        return RoomStreamEnd.ClientGone;
    }

    /// <summary>
    /// Sends what was written; false when the client is gone. A send the connection takes at once goes through even when the
    /// stream must end meanwhile (its sign-in's end comes between the loop's look at the time and its heartbeat), and the
    /// stream then ends in order; one still pending when <paramref name="giveUp"/> is cancelled is given up, thrown out.
    /// </summary>
    static async Task<bool> FlushAsync(PipeWriter body, CancellationToken giveUp)
    {
        var flushing = body.FlushAsync(CancellationToken.None);
        var result = flushing.IsCompletedSuccessfully ? flushing.Result : await flushing.AsTask().WaitAsync(giveUp);
        return result.IsCanceled ? throw new OperationCanceledException(giveUp) : !result.IsCompleted;
    }

    /// <summary>Writes one frame and sends it; false when the client is gone.</summary>
    static Task<bool> SendAsync(PipeWriter body, byte[] frame, CancellationToken cancellationToken)
    {
        body.Write(frame);
        return FlushAsync(body, cancellationToken);
    }

    static TimeSpan Until(DateTimeOffset? endsAt, TimeProvider time) => endsAt is { } end
        ? TimeSpan.FromTicks(Math.Clamp((end - time.GetUtcNow()).Ticks, 0, NoDeadline.Ticks))
        : NoDeadline;

    /// <summary>
    /// The next page of the catch-up; null when the log cannot be read and the stream ends (the client reconnects). A
    /// client that went ends it as everywhere in the stream, through <see cref="ExecuteAsync"/>.
    /// </summary>
    static async Task<EventLogPage?> NextPageAsync(IEventLog log, string roomUuid, EventCursor after, CancellationToken cancellationToken)
    {
        try
        {
            return await log.ReadRoomAsync(roomUuid, after, PageSize, cancellationToken);
        }
        catch (EventLogUnavailableException)
        {
            return null;
        }
    }
}
