using Gateway.Events;
using Gateway.Resources;

namespace Gateway.Rooms;

/// <summary>
/// Follows the log on every instance (each may cache for itself) and drops what a room's events say has changed, through
/// the gateway or not: for a cmd 1003 (the public resources changed) the room's cached resource list; for any event but
/// those Agora's query classroom does not describe (<see cref="NotInRoomDetails"/>) the room's cached details, so that a
/// class Agora ended on its own, a recording it moved on or properties written from the classroom client or Agora's
/// console are not served as they were for the rest of the cache's minute. It follows from the instance's start, not
/// from the newest event when it first reaches the log: a log reached late (Redis refusing or out of reach when the
/// instance started) may by then hold changes to what the instance cached meanwhile.
/// </summary>
public sealed partial class RoomChangesFollower(
    IEventLog log,
    IResourceListInvalidator resourceLists,
    RoomDetailsCache roomDetails,
    TimeProvider time,
    Telemetry.LoopFailures failures,
    ILogger<RoomChangesFollower> logger) : EventLogFollower(log, time, failures, "room-changes-follower")
{
    /// <summary>How far the clocks of a gateway's host and of Redis, which stamps the log's entries, may be apart.</summary>
    static readonly TimeSpan ClockDifference = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The cmds whose changes Agora's query classroom does not describe: chat, users entering and leaving, users'
    /// properties, the public resources (cached on their own). A class's entries, its busiest events, keep its details.
    /// </summary>
    static readonly HashSet<int> NotInRoomDetails =
        [EventCmd.ChatMessage, EventCmd.UsersChanged, EventCmd.UserPropertiesChanged, EventCmd.PublicResourcesChanged];

    readonly DateTimeOffset _started = time.GetUtcNow();

    protected override int PageSize => 500;

    // Nothing older than the instance: what it caches was read after every change before its start.
    protected override EventCursor FollowFrom(EventCursor end)
    {
        var started = Log.Before(_started - ClockDifference);
        return started.CompareTo(end) < 0 ? started : end;
    }

    /// <summary>
    /// A page that missed events follows changes this instance will never hear of, to rooms it cannot name: every room's
    /// cached details and resource list go on this instance (<see cref="Resources.SharedRoomCache.InvalidateAllHereAsync"/>),
    /// before the page's own rooms go everywhere.
    /// </summary>
    protected override async Task OnPageAsync(EventLogPage page, CancellationToken stoppingToken)
    {
        if (page.Missed)
        {
            LogMissed(logger);
            await InvalidateAsync(resourceLists.InvalidateAllHereAsync, "resource lists of every room");
            await InvalidateAsync(roomDetails.InvalidateAllHereAsync, "details of every room");
        }
        foreach (var room in RoomsOf(page, cmd => cmd == EventCmd.PublicResourcesChanged))
        {
            await InvalidateAsync(() => resourceLists.InvalidateAsync(room, stoppingToken), "resource list of a room");
        }
        foreach (var room in RoomsOf(page, cmd => !NotInRoomDetails.Contains(cmd)))
        {
            await InvalidateAsync(() => roomDetails.InvalidateAsync(room), "details of a room");
        }
    }

    static IEnumerable<string> RoomsOf(EventLogPage page, Func<int, bool> cmd) =>
        page.Events.Where(e => cmd(e.Event.Cmd)).Select(e => e.Event.RoomUuid).Distinct();

    async Task InvalidateAsync(Func<Task> invalidate, string what)
    {
        try
        {
            await invalidate();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogInvalidationFailed(logger, what, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate the cached {What} ({ExceptionType})")]
    static partial void LogInvalidationFailed(ILogger logger, string what, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The event log no longer holds events this instance had not read (trimmed by its retention, or the log was lost): every room's cached details and resource list on this instance are dropped")]
    static partial void LogMissed(ILogger logger);
}
