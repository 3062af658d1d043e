using Gateway.Resilience;

namespace Gateway.Telemetry;

/// <summary>
/// How every background loop meets a failure that is not an outage it waits out (a command Redis refused, a bug): logged
/// at Error, counted in <c>gateway.background.failures</c>, and retried after a backoff that grows with each failure in a
/// row. A loop that ended would leave its work undone without a word: events unpolled, lists never invalidated.
/// </summary>
public sealed partial class LoopFailures(GatewayMetrics metrics, TimeProvider time, ILogger<LoopFailures> logger)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    /// <summary>Logs and counts <paramref name="failure"/>, the <paramref name="inARow"/>th of <paramref name="loop"/>, then waits before its retry.</summary>
    public async Task RetryAfterAsync(string loop, Exception failure, int inARow, CancellationToken stoppingToken)
    {
        var kind = Redis.RedisFailures.KindOf(failure);
        metrics.LoopFailed(loop, kind);
        var wait = Backoff.After(inARow, FirstRetry, LongestRetry);
        LogFailed(logger, failure, loop, kind, inARow, wait.TotalSeconds);
        try
        {
            await Task.Delay(wait, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Loop} loop failed ({Kind}, {InARow} in a row); retrying in {Seconds:0.#} s")]
    static partial void LogFailed(ILogger logger, Exception exception, string loop, string kind, int inARow, double seconds);
}
