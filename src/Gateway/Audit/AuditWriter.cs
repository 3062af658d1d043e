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

    /// <summary>How long a graceful stop goes on trying to write the entries that wait before it gives them up.</summary>
    public static readonly TimeSpan WriteOnStopFor = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Fill(batch);
                await WriteAsync(batch, MaxBackoff, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushOnStopAsync(batch);
        }
    }

    void Fill(List<AuditEntry> batch)
    {
        while (batch.Count < BatchSize && queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
    }

    async Task WriteAsync(List<AuditEntry> batch, TimeSpan maxBackoff, CancellationToken stoppingToken)
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
                await Task.Delay(Backoff.After(attempt, FirstBackoff, maxBackoff), time, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                metrics.AuditWriteFailed();
                await failures.RetryAfterAsync("audit-writer", e, attempt, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Stopping: what waits is written as before, batch by batch with backoff (up to <see cref="Backoff.MaxOnStop"/>), for
    /// <see cref="WriteOnStopFor"/> (a Redis back meanwhile loses nothing); what is still unwritten then is gone with the
    /// process, logged and counted as dropped. The waits end when the time is up, so the host's own shutdown timeout does
    /// not cut the stop first.
    /// </summary>
    async Task FlushOnStopAsync(List<AuditEntry> batch)
    {
        using var giveUp = new CancellationTokenSource(WriteOnStopFor, time);
        try
        {
            // A batch held across a failed attempt is made again as it was, not filled up first: Redis may have run that
            // attempt (its reply timed out or was lost), and only the same batch's digest tells it so.
            if (batch.Count == 0)
            {
                Fill(batch);
            }
            while (batch.Count > 0)
            {
                await WriteAsync(batch, Backoff.MaxOnStop, giveUp.Token);
                batch.Clear();
                Fill(batch);
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            var lost = batch.Count;
            while (queue.Reader.TryRead(out _))
            {
                lost++;
            }
            metrics.AuditDropped(lost);
            LogLostOnStop(logger, lost, WriteOnStopFor.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} audit entries failed ({ExceptionType}, attempt {Attempt}); they wait in memory and are tried again")]
    static partial void LogWriteFailed(ILogger logger, int count, string exceptionType, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost {Count} audit entries that could not be written within {Seconds} s of the process's stop")]
    static partial void LogLostOnStop(ILogger logger, int count, double seconds);
}
