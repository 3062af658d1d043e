using System.Globalization;
using Gateway.Audit;
using Gateway.Redis;

namespace Gateway.Configuration;

/// <summary>
/// How long a graceful stop may take, as the host's shutdown timeout: the longest request in flight, then the audit
/// trail's write of what waits (<see cref="AuditWriter.WriteOnStopFor"/>); the poller's poll and store run beside them
/// from SIGTERM on. The host's default, 30 s, cut the stop short when a join was in flight with Agora slow, and ended
/// the process in the audit writer's stop with its entries neither written nor said to be lost.
/// </summary>
public static class GracefulStop
{
    /// <summary>
    /// The most calls to Agora one request makes one after the other: the join's query, create and query again. A kicked
    /// caller's ban check reads the room before the join, which takes that answer as its query
    /// (<see cref="Rooms.RoomDetailsCache.GetOnceInRequestAsync"/>). A room whose answer is longer than the gateway keeps
    /// is read again for what the join launches with, a second call after the query; a room the join has just created
    /// holds one body's properties, and its query is kept.
    /// </summary>
    public const int LongestChainOfCalls = 3;

    /// <summary>What the stop's bound allows beyond the longest request and the audit trail's time.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The stop's bound for <paramref name="agoraTimeoutSeconds"/> and <paramref name="redisCommandTimeout"/>: each of the
    /// join's calls up to its bound, the longest wait of its drop of every instance's copies
    /// (<see cref="LocalCopies.LongestTellingOfEveryMember"/>: two leases and five Redis commands, when Redis could not
    /// take the first telling and an instance does not acknowledge the second), the audit trail's time, and a margin.
    /// 54.55 s with the defaults, Agora's 10 s and Redis's 500 ms.
    /// </summary>
    public static TimeSpan For(int agoraTimeoutSeconds, TimeSpan redisCommandTimeout) =>
        LongestChainOfCalls * TimeSpan.FromSeconds(agoraTimeoutSeconds) + LocalCopies.LongestTellingOfEveryMember(redisCommandTimeout)
        + AuditWriter.WriteOnStopFor + Margin;

    /// <summary>
    /// Sets the host's shutdown timeout to <see cref="For"/> the configured Agora and Redis timeouts, unless it is set longer.
    /// </summary>
    public static WebApplicationBuilder AddGracefulStop(this WebApplicationBuilder builder)
    {
        // Read as they stand: a bad value is named by its section's own validation on start.
        var seconds = Setting(builder, $"{AgoraOptions.Section}:{nameof(AgoraOptions.TimeoutSeconds)}", 1, 300, new AgoraOptions().TimeoutSeconds);
        var milliseconds = Setting(builder, $"{RedisOptions.Section}:{nameof(RedisOptions.CommandTimeoutMilliseconds)}",
            RedisOptions.LeastCommandTimeoutMilliseconds, RedisOptions.MostCommandTimeoutMilliseconds, new RedisOptions().CommandTimeoutMilliseconds);
        var stop = For(seconds, TimeSpan.FromMilliseconds(milliseconds));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = host.ShutdownTimeout > stop ? host.ShutdownTimeout : stop);
        return builder;
    }

    static int Setting(WebApplicationBuilder builder, string key, int least, int most, int byDefault) =>
        int.TryParse(builder.Configuration[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var set) && set >= least && set <= most
            ? set : byDefault;
}
