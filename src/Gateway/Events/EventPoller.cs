namespace Gateway.Events;

/// <summary>
/// Takes Agora's events off its once-only queue and stores them in the shared log. Every instance runs one; only
/// the holder of the lease polls. A batch is stored before anything else is polled, and kept in memory across
/// storage failures, so the only events that can be lost are those of a batch held by a process that dies.
/// </summary>
public sealed partial class EventPoller(
    AgoraEventQueue queue,
    IEventLog log,
    IPollerLease lease,
    IOptions<EventsOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    Telemetry.GatewayMetrics metrics,
    ILogger<EventPoller> logger) : BackgroundService
{
    readonly EventsOptions _options = options.Value;
    DateTimeOffset? _lastPolled;
    string? _fence;
    long _heldUntilTicks;

    /// <summary>
    /// Whether this instance may start a poll now: it holds the lease for long enough that a poll started now ends
    /// (it is bounded to half a lease) before another instance could take over.
    /// </summary>
    public bool IsLeader => Volatile.Read(ref _fence) is not null
        && time.GetUtcNow().UtcTicks + (_options.Lease / 2).Ticks < Interlocked.Read(ref _heldUntilTicks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.PollingEnabled)
        {
            return;
        }
        // The sandbox points the upstream at the embedded emulator while starting: poll only once everything runs.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        var holding = HoldLeaseAsync(stoppingToken);
        await PollAsync(stoppingToken);
        await holding;
        await ReleaseAsync();
    }

    async Task HoldLeaseAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HoldAsync(stoppingToken);
            }
            catch (EventLogUnavailableException)
            {
                // Keep the token: renewing it once Redis answers again keeps the lease, if it has not expired.
            }
            await Delay(_options.LeaseCheckInterval, stoppingToken);
        }
    }

    /// <summary>Renews or takes the lease; the fencing token held afterwards, or null when another instance holds it.</summary>
    async Task<string?> HoldAsync(CancellationToken cancellationToken)
    {
        var asked = time.GetUtcNow();
        var previous = Volatile.Read(ref _fence);
        var held = await lease.TryHoldAsync(previous, cancellationToken);
        if (held is not null && held != previous)
        {
            LogLeaseTaken(logger);
        }
        Interlocked.Exchange(ref _heldUntilTicks, (asked + _options.Lease).UtcTicks);
        Volatile.Write(ref _fence, held);
        return held;
    }

    async Task PollAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<AgoraEvent>? unstored = null;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (unstored is not null)
            {
                var stored = await StoreAsync(unstored);
                failures = stored ? 0 : failures + 1;
                unstored = stored ? null : unstored;
                if (!stored)
                {
                    await Delay(Backoff(failures), stoppingToken);
                }
                continue;
            }
            if (!IsLeader)
            {
                await Delay(_options.PollInterval, stoppingToken);
                continue;
            }
            // Never cancelled by the stop: events a cancelled call took off the queue would be gone.
            var batch = await queue.TakeAsync(CancellationToken.None);
            if (batch.Failed)
            {
                failures++;
                LogPollFailed(logger, batch.Failure!, failures);
                await Delay(batch.RetryAfter is { } wait && wait > TimeSpan.Zero ? Min(wait, _options.MaxBackoff) : Backoff(failures), stoppingToken);
                continue;
            }
            failures = 0;
            ReportLag();
            if (batch.Events.Count > 0)
            {
                unstored = batch.Events;
            }
            else
            {
                await Delay(_options.PollInterval, stoppingToken);
            }
        }
        if (unstored is not null)
        {
            await StoreOnStopAsync(unstored);
        }
    }

    /// <summary>The poller's lag: how long since the previous successful poll, so failures and backoff show as it grows.</summary>
    void ReportLag()
    {
        var now = time.GetUtcNow();
        if (_lastPolled is { } last)
        {
            metrics.ReportPollerLag(now - last);
        }
        _lastPolled = now;
    }

    /// <summary>True when stored, or when it can never be (another instance leads now): then the loss is logged.</summary>
    async Task<bool> StoreAsync(IReadOnlyList<AgoraEvent> batch)
    {
        try
        {
            if (Volatile.Read(ref _fence) is { } fence && await log.AppendAsync(batch, fence, CancellationToken.None))
            {
                return true;
            }
            // The lease lapsed while the log was out of reach (or Redis restarted without it): take it back if it is free.
            if (await HoldAsync(CancellationToken.None) is { } regained && await log.AppendAsync(batch, regained, CancellationToken.None))
            {
                return true;
            }
            LogBatchDropped(logger, batch.Count, "another instance polls now");
            return true;
        }
        catch (EventLogUnavailableException)
        {
            LogStoreFailed(logger, batch.Count);
            return false;
        }
    }

    async Task StoreOnStopAsync(IReadOnlyList<AgoraEvent> batch)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            if (await StoreAsync(batch))
            {
                return;
            }
            await Delay(Backoff(attempt), CancellationToken.None);
        }
        LogBatchDropped(logger, batch.Count, "the event log could not be reached before the process stopped");
    }

    async Task ReleaseAsync()
    {
        if (Volatile.Read(ref _fence) is not { } fence)
        {
            return;
        }
        try
        {
            await lease.ReleaseAsync(fence, CancellationToken.None);
        }
        catch (EventLogUnavailableException)
        {
            // It expires by itself.
        }
        Volatile.Write(ref _fence, null);
    }

    /// <summary>Exponential from the poll interval up to the cap, with jitter so that retries do not fall in step.</summary>
    TimeSpan Backoff(int failures)
    {
        var ceiling = Min(_options.PollInterval * Math.Pow(2, Math.Min(failures, 20)), _options.MaxBackoff);
        return ceiling * (0.5 + Random.Shared.NextDouble() / 2);
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now polls Agora's event queue")]
    static partial void LogLeaseTaken(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling Agora's event queue failed: {Failure} (attempt {Attempt})")]
    static partial void LogPollFailed(ILogger logger, string failure, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event log cannot be reached; holding {Count} polled events to store them again")]
    static partial void LogStoreFailed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost {Count} polled events before they could be stored: {Reason}")]
    static partial void LogBatchDropped(ILogger logger, int count, string reason);
}
