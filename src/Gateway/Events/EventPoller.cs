using Gateway.Resilience;
using Gateway.Telemetry;

namespace Gateway.Events;

/// <summary>
/// Takes Agora's events off its once-only queue and stores them in the shared log. Every instance runs one; only
/// the holder of the lease starts a poll. A poll is never given up for its lease, as the events Agora handed to it would
/// be lost: it waits for Agora up to its own timeout, and its batch is stored late if the lease went meanwhile. A batch
/// is stored before anything else is polled, and kept in memory across storage failures and lost leases, so the only
/// events that can be lost are those of a batch held by a process that dies (or that cannot reach the log before it is
/// made to stop), and those of a poll Agora answers after its timeout.
/// </summary>
public sealed partial class EventPoller(
    AgoraEventQueue queue,
    IEventLog log,
    IPollerLease lease,
    IOptions<EventsOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    GatewayMetrics metrics,
    LoopFailures failures,
    ILogger<EventPoller> logger) : BackgroundService
{
    /// <summary>How long a graceful stop goes on trying to store the last batch before it gives up on it.</summary>
    public static readonly TimeSpan StoreOnStopFor = TimeSpan.FromSeconds(10);

    readonly EventsOptions _options = options.Value;
    /// <summary>When this instance last polled as leader, in UTC ticks; 0 when it has not since another instance held the lease.</summary>
    long _lastPolledTicks;
    string? _fence;
    long _heldUntilTicks;
    IReadOnlyList<AgoraEvent>? _unstored;
    /// <summary>
    /// The renewal loop and a refused append take turns at the lease. Side by side on a lapsed lease, both asked with the
    /// old token: Redis gave one a new token and refused the other for it, and the refusal, if it came back second, cleared
    /// the token this instance held, which then went unrenewed, and unpolled under, until it expired.
    /// </summary>
    readonly SemaphoreSlim _holding = new(1, 1);

    /// <summary>
    /// Whether this instance may start a poll now: at least half of its lease is left since it last renewed it, so that
    /// a poll Agora answers at once ends long before another instance could take over.
    /// </summary>
    public bool IsLeader => LeaseLeft() > _options.Lease / 2;

    /// <summary>Whether a polled batch waits in memory to be stored.</summary>
    public bool HoldsUnstoredEvents => Volatile.Read(ref _unstored) is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.PollingEnabled)
        {
            return;
        }
        // Stopped as soon as the process is told to stop, not when the host comes to this service: it stops its services
        // one after the other, the web server (waiting for the calls in flight) and the audit writer (up to 10 s of its
        // own) first, and a stop begun after them ran past the host's shutdown timeout, or a Kubernetes pod's grace, with
        // the batch in hand neither stored nor said to be lost. Begun at once, its time runs beside theirs.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        stoppingToken = stopping.Token;
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
        var failed = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HoldAsync(stoppingToken);
                failed = 0;
            }
            catch (EventLogUnavailableException)
            {
                // Keep the token: renewing it once Redis answers again keeps the lease, if it has not expired.
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                await failures.RetryAfterAsync("poller-lease", e, ++failed, stoppingToken);
                continue;
            }
            await Delay(_options.LeaseCheckInterval, stoppingToken);
        }
    }

    /// <summary>Renews or takes the lease; the fencing token held afterwards, or null when another instance holds it.</summary>
    async Task<string?> HoldAsync(CancellationToken cancellationToken)
    {
        // Not cancelled: the other caller's turn is one hold, as long as the one this caller would make.
        await _holding.WaitAsync(CancellationToken.None);
        try
        {
            var asked = time.GetUtcNow();
            var previous = Volatile.Read(ref _fence);
            var held = await lease.TryHoldAsync(previous, cancellationToken);
            if (held is null)
            {
                if (previous is not null)
                {
                    LogLeaseLost(logger);
                }
                // Another instance polls now: this one's last poll says nothing of the lag once it takes the lease back.
                Interlocked.Exchange(ref _lastPolledTicks, 0);
                // A poll in flight goes on, as when the lease lapses unrenewed: its batch is stored late.
                Volatile.Write(ref _fence, null);
                return null;
            }
            if (held != previous)
            {
                LogLeaseTaken(logger);
            }
            Interlocked.Exchange(ref _heldUntilTicks, (asked + _options.Lease).UtcTicks);
            Volatile.Write(ref _fence, held);
            return held;
        }
        finally
        {
            _holding.Release();
        }
    }

    /// <summary>How long the lease this instance holds lasts unrenewed; zero when it holds none.</summary>
    TimeSpan LeaseLeft() => Volatile.Read(ref _fence) is null
        ? TimeSpan.Zero
        : TimeSpan.FromTicks(Interlocked.Read(ref _heldUntilTicks) - time.GetUtcNow().UtcTicks);

    async Task PollAsync(CancellationToken stoppingToken)
    {
        var failed = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Volatile.Read(ref _unstored) is { } unstored)
            {
                var stored = await StoreAsync(unstored, ++failed, _options.MaxBackoff, stoppingToken);
                if (stored)
                {
                    Volatile.Write(ref _unstored, null);
                    failed = 0;
                }
                continue;
            }
            if (!IsLeader)
            {
                await Delay(_options.PollInterval, stoppingToken);
                continue;
            }
            // Never cancelled, by the stop or by the lease: the events Agora handed to a poll given up would be gone.
            var batch = await queue.TakeAsync();
            if (batch.Failed)
            {
                failed++;
                LogPollFailed(logger, batch.Failure!, failed);
                var retryAfter = batch.RetryAfter is { } wait && wait > TimeSpan.Zero ? Min(wait, _options.MaxBackoff) : (TimeSpan?)null;
                await Delay(retryAfter ?? RetryDelay(failed, _options.MaxBackoff), stoppingToken);
                continue;
            }
            failed = 0;
            ReportLag();
            if (batch.Events.Count > 0)
            {
                Volatile.Write(ref _unstored, batch.Events);
            }
            else
            {
                await Delay(_options.PollInterval, stoppingToken);
            }
        }
        if (Volatile.Read(ref _unstored) is { } last)
        {
            await StoreOnStopAsync(last);
        }
    }

    /// <summary>
    /// The poller's lag: how long since this instance's previous successful poll, so failures and backoff show as it grows;
    /// not across a time another instance held the lease and polled.
    /// </summary>
    void ReportLag()
    {
        var now = time.GetUtcNow();
        if (Interlocked.Exchange(ref _lastPolledTicks, now.UtcTicks) is var previous and > 0)
        {
            metrics.ReportPollerLag(now - new DateTimeOffset(previous, TimeSpan.Zero));
        }
    }

    /// <summary>
    /// Stores the batch; false, after waiting to retry, when it could not be. Under this instance's lease when it still
    /// holds it or can take it back; else late, without the fence: another instance polls now, and the dedupe of the log
    /// makes a late append safe where dropping the batch would lose it.
    /// </summary>
    async Task<bool> StoreAsync(IReadOnlyList<AgoraEvent> batch, int attempt, TimeSpan maxBackoff, CancellationToken stoppingToken)
    {
        try
        {
            await AppendAsync(batch);
            return true;
        }
        catch (EventLogUnavailableException)
        {
            LogStoreFailed(logger, batch.Count);
            await Delay(RetryDelay(attempt, maxBackoff), stoppingToken);
            return false;
        }
        catch (Exception e)
        {
            await failures.RetryAfterAsync("poller-store", e, attempt, stoppingToken);
            return false;
        }
    }

    async Task AppendAsync(IReadOnlyList<AgoraEvent> batch)
    {
        if (Volatile.Read(ref _fence) is { } fence && await log.AppendAsync(batch, fence, CancellationToken.None))
        {
            return;
        }
        // The lease lapsed while the log was out of reach (or Redis restarted without it): take it back if it is free.
        if (await HoldAsync(CancellationToken.None) is { } regained && await log.AppendAsync(batch, regained, CancellationToken.None))
        {
            return;
        }
        await log.AppendAsync(batch, fence: null, CancellationToken.None);
        LogStoredLate(logger, batch.Count);
    }

    async Task StoreOnStopAsync(IReadOnlyList<AgoraEvent> batch)
    {
        // The waits between attempts are short (a log back a few seconds into the stop is tried again within its time) and
        // end when the time is up: a backoff longer than what is left would keep the stop past its time, and the host's own
        // shutdown timeout could cut it before the loss is logged.
        using var giveUp = new CancellationTokenSource(StoreOnStopFor, time);
        for (var attempt = 1; ; attempt++)
        {
            if (await StoreAsync(batch, attempt, Backoff.MaxOnStop, giveUp.Token))
            {
                Volatile.Write(ref _unstored, null);
                return;
            }
            if (giveUp.IsCancellationRequested)
            {
                LogBatchDropped(logger, batch.Count, "the event log could not be reached before the process stopped");
                metrics.EventsDropped(batch.Count);
                return;
            }
        }
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
        catch (Exception e) when (e is EventLogUnavailableException || Redis.RedisFailures.IsRefusal(e))
        {
            // It expires by itself.
        }
        Volatile.Write(ref _fence, null);
    }

    TimeSpan RetryDelay(int failed, TimeSpan maxBackoff) => Backoff.After(failed, _options.PollInterval, maxBackoff);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another instance holds the lease of Agora's event queue: this instance no longer polls")]
    static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling Agora's event queue failed: {Failure} (attempt {Attempt})")]
    static partial void LogPollFailed(ILogger logger, string failure, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event log cannot be reached; holding {Count} polled events to store them again")]
    static partial void LogStoreFailed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored {Count} events polled under a lease since lost: they follow the events polled since by another instance")]
    static partial void LogStoredLate(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost {Count} polled events before they could be stored: {Reason}")]
    static partial void LogBatchDropped(ILogger logger, int count, string reason);
}
