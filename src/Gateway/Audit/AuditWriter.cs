using Gateway.Telemetry;

namespace Gateway.Audit;

/// <summary>
/// Writes queued audit entries to the trail in batches. A batch that cannot be written is kept and tried again with
/// backoff (every failure logged at Error and counted in <c>gateway.audit.write_failures</c>), so an outage of the
/// storage loses nothing until the queue is full; the loop never ends but with the process.
/// </summary>
public sealed partial class AuditWriter(AuditQueue queue, IAuditTrail trail, TimeProvider time, GatewayMetrics metrics,
    ILogger<AuditWriter> logger) : BackgroundService
{
    public const int BatchSize = 100;
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }
                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: one last try for what is waiting, bounded, then it is gone with the process.
            await FlushOnStopAsync(batch);
        }
    }

    async Task WriteAsync(List<AuditEntry> batch, CancellationToken stoppingToken)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                await trail.AppendAsync(batch, stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                metrics.AuditWriteFailed();
                LogWriteFailed(logger, batch.Count, e.GetType().Name, failures + 1);
                await Task.Delay(Backoff(failures), time, stoppingToken);
            }
        }
    }

    async Task FlushOnStopAsync(List<AuditEntry> batch)
    {
        while (queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await trail.AppendAsync(batch, bound.Token);
        }
        catch (Exception e)
        {
            LogLostOnStop(logger, batch.Count, e.GetType().Name);
        }
    }

    /// <summary>Exponential from <see cref="FirstBackoff"/> to <see cref="MaxBackoff"/>, with jitter.</summary>
    static TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, FirstBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} audit entries failed ({ExceptionType}, attempt {Attempt}); they wait in memory and are tried again")]
    static partial void LogWriteFailed(ILogger logger, int count, string exceptionType, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost {Count} audit entries that could not be written before the process stopped ({ExceptionType})")]
    static partial void LogLostOnStop(ILogger logger, int count, string exceptionType);
}
