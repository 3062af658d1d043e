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
    ILogger<ResourcesChangedFollower> logger) : BackgroundService
{
    const int PageSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EventCursor? cursor = null;
        var failed = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Only what is appended from now on: a fresh instance has no cache to invalidate.
                cursor ??= await log.GetEndAsync(stoppingToken);
                var page = await log.WaitForPageAsync(cursor.Value, PageSize, EventLogReading.Recheck, time, stoppingToken);
                foreach (var room in page.Events.Where(e => e.Event.Cmd == EventCmd.PublicResourcesChanged).Select(e => e.Event.RoomUuid).Distinct())
                {
                    await InvalidateAsync(room, stoppingToken);
                }
                cursor = page.Next;
                failed = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (EventLogUnavailableException)
            {
                await Task.Delay(EventLogReading.Recheck, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e)
            {
                // A follower that stopped would leave stale lists cached for good: wait and read on.
                await failures.RetryAfterAsync("resources-changed-follower", e, ++failed, stoppingToken);
            }
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
