using Gateway.Resilience;
using Gateway.Telemetry;

namespace Gateway.Audit;

/// <summary>
/// Writes queued audit entries to the trail in batches. A batch that cannot be written is kept and tried again with
/// backoff (every failure logged at Error and counted in <c>gateway.audit.write_failures</c>; one that is not an outage,
/// such as a refused script, as every background loop's is too), so a failing storage loses nothing until the queue is
/// full; the loop never ends but with the process.
/// </summary>
public sealed partial class AuditWriter(AuditQueue queue, IAuditTrail trail, TimeProvider time, GatewayMetrics metrics,
    LoopFailures failures, ILogger<AuditWriter> logger) : BackgroundService
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
        for (var attempt = 1; ; attempt++)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                await trail.AppendAsync(batch, stoppingToken);
                return;
            }
            catch (AuditTrailUnavailableException e)
            {
                metrics.AuditWriteFailed();
                LogWriteFailed(logger, batch.Count, e.GetType().Name, attempt);
                await Task.Delay(Backoff.After(attempt, FirstBackoff, MaxBackoff), time, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                metrics.AuditWriteFailed();
                await failures.RetryAfterAsync("audit-writer", e, attempt, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} audit entries failed ({ExceptionType}, attempt {Attempt}); they wait in memory and are tried again")]
    static partial void LogWriteFailed(ILogger logger, int count, string exceptionType, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost {Count} audit entries that could not be written before the process stopped ({ExceptionType})")]
    static partial void LogLostOnStop(ILogger logger, int count, string exceptionType);
}
