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
    /// <summary>The most calls to Agora one request makes one after the other: the join's query, create and query again.</summary>
    public const int LongestChainOfCalls = 3;

    static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The stop's bound for <paramref name="agoraTimeoutSeconds"/>: each of the join's calls up to its bound, the wait of
    /// its drop of every instance's copies (a lease, when Redis cannot say who dropped them), the audit trail's time, and
    /// a margin. 48 s with Agora's default 10 s.
    /// </summary>
    public static TimeSpan For(int agoraTimeoutSeconds) =>
        LongestChainOfCalls * TimeSpan.FromSeconds(agoraTimeoutSeconds) + LocalCopies.LeaseTime + AuditWriter.WriteOnStopFor + Margin;

    /// <summary>Sets the host's shutdown timeout to <see cref="For"/> the configured Agora timeout, unless it is set longer.</summary>
    public static WebApplicationBuilder AddGracefulStop(this WebApplicationBuilder builder)
    {
        // Read as it stands: a bad value is named by the Agora section's own validation on start.
        var seconds = int.TryParse(builder.Configuration[$"{AgoraOptions.Section}:{nameof(AgoraOptions.TimeoutSeconds)}"],
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var set) && set is >= 1 and <= 300 ? set : new AgoraOptions().TimeoutSeconds;
        var stop = For(seconds);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = host.ShutdownTimeout > stop ? host.ShutdownTimeout : stop);
        return builder;
    }
}
