using System.Globalization;
using Gateway.Identity;
using Gateway.Launch;
using Gateway.OpenApi;
using Gateway.Problems;
using Gateway.RateLimiting;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Events;

/// <summary>The gateway's log of polled events: paged for admins, streamed live per room to its members.</summary>
public static class EventLogEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// The 503 of a route that reads the event log, which calls no Agora: the log is out of reach (Redis down), or this
    /// instance has not reached it since it started.
    /// </summary>
    public const string LogUnreachable = "The event log cannot be reached (Redis down, or not yet reached by this instance since it "
        + "started). `Retry-After` says when to try again.";

    public static RouteGroupBuilder MapEventLog(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListEvents).RequireAuthorization(GatewayPolicies.Admin)
            .WithTags("Events").WithName("ListEvents").WithSummary("Page the log of every polled event with an opaque cursor")
            .WithDescription("Every event the gateway polled from Agora's once-only queue, each exactly once, in order, the same on every "
                + "instance. Pass `next` as `after` to go on: with an empty list it is the `after` given (the log's end for an `after` past it, which names no event), so a client can poll with it forever. "
                + $"`limit` is 1 to 1000 (100): a page holds fewer when its events pass {EventLogPage.MaxBytes / (1024 * 1024)} MiB of JSON together, and an event larger than that comes "
                + "alone. The log keeps the newest `Events:RetentionEvents` events: when it trimmed events that came after `after`, the page starts "
                + "at the oldest it holds and says `missed: true`.")
            .ProducesAgora<EventLogSlice>().ProducesAgoraProblem(503, LogUnreachable);
        return api;
    }

    public static RouteGroupBuilder MapRoomEventStream(this RouteGroupBuilder room)
    {
        room.MapGet("/events/stream", StreamRoomEvents).RequireAuthorization(GatewayPolicies.Member)
            .WithMetadata(AcceptsStreamTickets.Instance)
            .WithTags("Events").WithName("StreamRoomEvents").WithSummary("A classroom's events, live, as Server-Sent Events")
            .WithDescription("`text/event-stream`: each event as `id:` (the log cursor), `event:` (its cmd as a number: `1` class state, "
                + "`3` chat message, `5` room properties, `20` users entered or left, `23` user properties, `1001` recording state, "
                + "`1003` public resources, `1101` rewards, `1110` widget, `1501` on stage, `1502` hands raised) and `data:` (the event's JSON, "
                + "the schema below); a `ping` event without data opens the stream and keeps idle connections open. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume after the last event seen; "
                + "when the log has trimmed events that came after it (its retention, `Events:RetentionEvents`), an event `missed` without data and without `id:` comes before "
                + "the first event resumed, and the client reads the room's state again. An open stream sends the same `missed` before its next event "
                + "when the instance fell behind the log that way, or the log was lost (Redis restarted empty). "
                + "A browser's `EventSource`, which cannot send `Authorization`, passes `?ticket=` from `POST …/events/ticket` instead, over HTTPS: "
                + "a ticket sent over plain HTTP, where the gateway redirects plain HTTP to HTTPS, is spent and refused (403). "
                + "The stream ends when the sign-in behind it (the JWT, or the ticket's) expires, and after an event that says its user was kicked out of "
                + "the room (cmd `20`, offline `type` 2); a client whose stream ends reconnects. A user kicked out dirty is refused (403, 20403200) "
                + "while the ban runs, as the join refuses it. "
                + "429 when the caller has `Events:MaxStreamsPerUser` streams open on this instance, or the instance `Events:MaxStreamsPerInstance`.")
            .Produces<AgoraEvent>(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesAgoraProblem(403, AgoraCodes.UserBanned)
            .ProducesAgoraProblem(503, LogUnreachable)
            .ProducesAgoraProblem(StatusCodes.Status429TooManyRequests, "Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`), or "
                + "`Events:MaxStreamsPerUser` streams of the caller open on this instance, or `Events:MaxStreamsPerInstance` streams open on it. "
                + "`Retry-After` says when to try again.");
        // A ticket changes nothing of the room: it keeps the room's cached details, as the join does.
        room.MapPost("/events/ticket", IssueStreamTicket).RequireAuthorization(GatewayPolicies.Member).WithMetadata(Rooms.KeepsRoomDetails.Instance)
            .WithTags("Events").WithName("IssueStreamTicket").WithSummary("A single-use ticket to open the classroom's stream from a browser")
            .WithDescription("For `GET …/events/stream?ticket=`, where `EventSource` cannot send `Authorization`: valid once, for this caller and "
                + "this room, for 60 s at most (never past the caller's JWT), on any instance. The stream it opens ends when the JWT expires. "
                + "A user kicked out dirty gets none (403, 20403200) while the ban runs.")
            .ProducesAgora<StreamTicket>().ProducesAgoraProblem(403, AgoraCodes.UserBanned);
        return room;
    }

    static async Task<Results<Ok<AgoraEnvelope<EventLogSlice>>, ProblemHttpResult>> ListEvents([FromQuery] string? after,
        [FromQuery] string? limit, IEventLog log, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (!TryReadPaging(after, limit, out var from, out var count, out var errors))
        {
            return GatewayProblems.Invalid(errors);
        }
        try
        {
            var page = await log.ReadAsync(from, count, cancellationToken);
            var slice = new EventLogSlice(page.Events.Select(e => e.Event).ToList(), page.Next.ToString()) { Missed = page.Missed };
            return TypedResults.Ok(AgoraEnvelope<EventLogSlice>.Success(slice, time.GetUtcNow()));
        }
        catch (EventLogUnavailableException)
        {
            return RoomStreams.Unavailable(context);
        }
    }

    /// <summary>An opaque cursor (<c>after</c>) and a page size (<c>limit</c>), as every paged log of the gateway reads them.</summary>
    internal static bool TryReadPaging(string? after, string? limit, out EventCursor from, out int count, out Dictionary<string, string[]> errors)
    {
        errors = [];
        from = EventCursor.Start;
        if (!string.IsNullOrEmpty(after) && !EventCursor.TryParse(after, out from))
        {
            errors["after"] = ["must be a cursor this API gave (\"next\")"];
        }
        count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"must be a whole number from 1 to {MaxLimit}"];
        }
        return errors.Count == 0;
    }

    // `ticket` is named for the document only: sign-in took it out of the query before the handler runs (TicketQueryRedaction).
    [CountedByItsEndpoint] // a signed-in caller's request counted ahead of the route's filters, never held while the stream lasts
    static Task<Results<RoomEventStream, ProblemHttpResult>> StreamRoomEvents(string roomUuid,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader, [FromQuery] string? lastEventId, [FromQuery] string? ticket,
        RoomStreams streams, HttpContext context) =>
        string.IsNullOrEmpty(lastEventIdHeader)
            ? streams.OpenAsync(roomUuid, lastEventId, nameof(lastEventId), context)
            : streams.OpenAsync(roomUuid, lastEventIdHeader, "Last-Event-ID", context);

    static async Task<Results<Ok<AgoraEnvelope<StreamTicket>>, ProblemHttpResult>> IssueStreamTicket(string roomUuid, Caller caller,
        HttpContext context, StreamTickets tickets, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (SignInExpiry.Ended(context, now) is { } ended)
        {
            return ended;
        }
        var grant = new StreamTicketGrant(caller.UserId, [.. caller.Roles], roomUuid, SignInExpiry.Of(context.User) ?? now + StreamTickets.Lifetime);
        var (ticket, expiresAt) = await tickets.IssueAsync(grant);
        return TypedResults.Ok(AgoraEnvelope<StreamTicket>.Success(new StreamTicket(ticket, expiresAt), now));
    }
}
