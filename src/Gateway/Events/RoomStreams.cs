using Gateway.Identity;
using Gateway.Launch;
using Gateway.Problems;
using Gateway.Telemetry;

namespace Gateway.Events;

/// <summary>
/// Opens a room's stream for a caller (its rate limit counted ahead of the route's filters, <see cref="RateLimiting.CountedByItsEndpointAttribute"/>): within the stream limits, on a subscription to the
/// instance's one reader of the log, resumed from the log when the client names its last event, and ending when the
/// caller's sign-in expires. A user kicked out of the room dirty never comes here while the ban runs (<see cref="Launch.KickedCallerFilter"/>).
/// </summary>
public sealed class RoomStreams(RoomEventHub hub, StreamLimits limits, IEventLog log, EventFrames frames,
    TimeProvider time, IOptions<EventsOptions> options, ILogger<RoomEventStream> streamLogger)
{
    /// <summary>When a stream refused for the limits may be asked for again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens the room's stream, after the event <paramref name="resumeAfter"/> names when given: a refusal of it names
    /// <paramref name="resumeField"/>, where the client sent it (the <c>Last-Event-ID</c> header or <c>lastEventId</c>).
    /// </summary>
    public async Task<Results<RoomEventStream, ProblemHttpResult>> OpenAsync(string roomUuid, string? resumeAfter, string resumeField,
        HttpContext context)
    {
        if (SignInExpiry.Ended(context, time.GetUtcNow()) is { } ended)
        {
            return ended;
        }
        var from = EventCursor.Start;
        if (!string.IsNullOrEmpty(resumeAfter) && !EventCursor.TryParse(resumeAfter, out from))
        {
            return GatewayProblems.Invalid(resumeField, "must be the id of an event this stream sent");
        }
        var userUuid = Caller.Of(context).UserId;
        if (limits.TryOpen(userUuid, out var refusal) is not { } place)
        {
            return GatewayProblems.TooManyRequests(context, refusal!, RetryAfter);
        }
        context.Response.RegisterForDispose(place);
        // An instance that has just started may still be reaching the log for the first time: its answer, not a 503.
        await hub.FirstTry.WaitAsync(context.RequestAborted);
        if (hub.Subscribe(roomUuid) is not { } subscription)
        {
            return Unavailable(context);
        }
        context.Response.RegisterForDispose(subscription);
        EventLogPage? catchUp = null;
        if (!string.IsNullOrEmpty(resumeAfter))
        {
            try
            {
                // A cursor past the log's end (Redis lost its newest writes, or the client made it up) leads to the end, not
                // past it: kept as the last event sent, every event appended before it would be passed over as sent.
                catchUp = await log.ReadRoomAsync(roomUuid, from, RoomEventStream.PageSize, context.RequestAborted);
            }
            catch (EventLogUnavailableException)
            {
                return Unavailable(context);
            }
        }
        return new RoomEventStream(subscription, from, catchUp, log, frames, time, options.Value.Heartbeat, SignInExpiry.Of(context.User),
            streamLogger);
    }

    /// <summary>The log out of reach: asked again once this instance tries Redis again.</summary>
    public static ProblemHttpResult Unavailable(HttpContext context) =>
        GatewayProblems.Unavailable(context, "The event log cannot be reached; try again shortly.", Redis.RedisConnection.FailureBackOff);
}
