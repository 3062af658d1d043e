using Gateway.Events;

namespace Gateway.Resources;

/// <summary>
/// Follows the log on every instance (each may cache for itself) and, for each cmd 1003 event — the room's public
/// resources changed, through the gateway or not — invalidates that room's cached resource list.
/// </summary>
public sealed partial class ResourcesChangedFollower(
    IEventLog log,
    IResourceListInvalidator invalidator,
    TimeProvider time,
    Telemetry.LoopFailures failures,
    ILogger<ResourcesChangedFollower> logger) : EventLogFollower(log, time, failures, "resources-changed-follower")
{
    // Only what is appended from the instance's start on: a fresh instance has no cache to invalidate.
    protected override int PageSize => 500;

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
