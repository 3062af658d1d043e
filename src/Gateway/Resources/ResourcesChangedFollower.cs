using Gateway.Events;

namespace Gateway.Resources;

/// <summary>
/// Follows the log on every instance (each may cache for itself) and, for each cmd 1003 event — the room's public
/// resources changed, through the gateway or not — invalidates that room's cached resource list. It follows from the
/// instance's start, not from the newest event when it first reaches the log: a log reached late (Redis refusing or out
/// of reach when the instance started) may by then hold changes to lists the instance cached meanwhile.
/// </summary>
public sealed partial class ResourcesChangedFollower(
    IEventLog log,
    IResourceListInvalidator invalidator,
    TimeProvider time,
    Telemetry.LoopFailures failures,
    ILogger<ResourcesChangedFollower> logger) : EventLogFollower(log, time, failures, "resources-changed-follower")
{
    /// <summary>How far the clocks of a gateway's host and of Redis, which stamps the log's entries, may be apart.</summary>
    static readonly TimeSpan ClockDifference = TimeSpan.FromMinutes(1);

    readonly DateTimeOffset _started = time.GetUtcNow();

    protected override int PageSize => 500;

    // Nothing older than the instance: a list it caches was read after every change before its start.
    protected override EventCursor FollowFrom(EventCursor end)
    {
        var started = Log.Before(_started - ClockDifference);
        return started.CompareTo(end) < 0 ? started : end;
    }

    protected override async Task OnPageAsync(EventLogPage page, CancellationToken stoppingToken)
    {
        foreach (var room in page.Events.Where(e => e.Event.Cmd == EventCmd.PublicResourcesChanged).Select(e => e.Event.RoomUuid).Distinct())
        {
            await InvalidateAsync(room, stoppingToken);
        }
    }

    async Task InvalidateAsync(string roomUuid, CancellationToken cancellationToken)
    {
        try
        {
            await invalidator.InvalidateAsync(roomUuid, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogInvalidationFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate a room's cached resource list ({ExceptionType})")]
    static partial void LogInvalidationFailed(ILogger logger, string exceptionType);
}
