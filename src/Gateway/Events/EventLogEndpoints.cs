using System.Globalization;
using Gateway.Identity;
using Gateway.OpenApi;
using Gateway.Problems;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Events;

/// <summary>The gateway's log of polled events: paged for admins, streamed live per room to its members.</summary>
public static class EventLogEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapEventLog(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListEvents).RequireAuthorization(GatewayPolicies.Admin)
            .WithTags("Events").WithName("ListEvents").WithSummary("Page the log of every polled event with an opaque cursor")
            .WithDescription("Every event the gateway polled from Agora's once-only queue, each exactly once, in order, the same on every "
                + "instance. Pass `next` as `after` to go on: with an empty list it is the `after` given, so a client can poll with it forever. "
                + "`limit` is 1 to 1000 (100).")
            .ProducesAgora<EventLogSlice>().ProducesAgoraProblem(503);
        return api;
    }

    public static RouteGroupBuilder MapRoomEventStream(this RouteGroupBuilder room)
    {
        room.MapGet("/events/stream", StreamRoomEvents).RequireAuthorization(GatewayPolicies.Member)
            .WithTags("Events").WithName("StreamRoomEvents").WithSummary("A classroom's events, live, as Server-Sent Events")
            .WithDescription("`text/event-stream`: each event as `id:` (the log cursor), `event:` (its cmd) and `data:` (the event's JSON); "
                + "a `ping` event without data opens the stream and keeps idle connections open. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume after the last event seen.")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesAgoraProblem(503);
        return room;
    }

    static async Task<Results<Ok<AgoraEnvelope<EventLogSlice>>, ProblemHttpResult>> ListEvents([FromQuery] string? after,
        [FromQuery] string? limit, IEventLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryReadPaging(after, limit, out var from, out var count, out var errors))
        {
            return GatewayProblems.Invalid(errors);
        }
        try
        {
            var page = await log.ReadAsync(from, count, cancellationToken);
            var slice = new EventLogSlice(page.Events.Select(e => e.Event).ToList(), page.Next.ToString());
            return TypedResults.Ok(AgoraEnvelope<EventLogSlice>.Success(slice, time.GetUtcNow()));
        }
        catch (EventLogUnavailableException)
        {
            return Unavailable();
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

    static async Task<Results<ServerSentEventsResult<AgoraEvent?>, ProblemHttpResult>> StreamRoomEvents(string roomUuid,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader, [FromQuery] string? lastEventId,
        IEventLog log, TimeProvider time, IOptions<EventsOptions> options, HttpResponse response, CancellationToken cancellationToken)
    {
        var resumeAfter = string.IsNullOrEmpty(lastEventIdHeader) ? lastEventId : lastEventIdHeader;
        var from = EventCursor.Start;
        if (!string.IsNullOrEmpty(resumeAfter) && !EventCursor.TryParse(resumeAfter, out from))
        {
            return GatewayProblems.Invalid("Last-Event-ID", "must be the id of an event this stream sent");
        }
        try
        {
            // A new stream starts with what happens next; a resumed one after the last event its client saw.
            var start = string.IsNullOrEmpty(resumeAfter) ? await log.GetEndAsync(cancellationToken) : from;
            response.Headers["X-Accel-Buffering"] = "no"; // nor may a proxy in front hold events back
            return TypedResults.ServerSentEvents(RoomEventStream.ReadAsync(roomUuid, start, log, time, options.Value.Heartbeat, cancellationToken));
        }
        catch (EventLogUnavailableException)
        {
            return Unavailable();
        }
    }

    internal static ProblemHttpResult Unavailable() =>
        GatewayProblems.Result(StatusCodes.Status503ServiceUnavailable, "The event log cannot be reached; try again shortly.");
}
