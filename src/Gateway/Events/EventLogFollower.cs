namespace Gateway.Events;

/// <summary>
/// Follows the shared log on this instance, page by page, from where it ended when the instance first reached it, for as
/// long as the instance runs: woken by the log's append signal and reading at least once per
/// <see cref="EventLogReading.Recheck"/>. While the log is out of reach it waits and reads on from where it was; any other
/// failure is logged, counted and retried with backoff (<see cref="Telemetry.LoopFailures"/>): a follower that stopped
/// would leave its work undone for good.
/// </summary>
public abstract class EventLogFollower(IEventLog log, TimeProvider time, Telemetry.LoopFailures failures, string loop) : BackgroundService
{
    readonly TaskCompletionSource _firstTry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected abstract int PageSize { get; }

    /// <summary>
    /// Completes once the follower's first attempt to reach the log has ended, whether it reached it or not (or the
    /// instance stopped first): no later than the log's own calls give up, about a second.
    /// </summary>
    public Task FirstTry => _firstTry.Task;

    protected IEventLog Log => log;

    /// <summary>Where following starts once the log is first reached: after <paramref name="end"/>, its newest event then.</summary>
    protected virtual EventCursor FollowFrom(EventCursor end) => end;

    /// <summary>The log was reached for the first time: following starts after <paramref name="from"/>.</summary>
    protected virtual void OnStart(EventCursor from)
    {
    }

    /// <summary>
    /// What to do with a page; it is read again if this throws. A page that says it <see cref="EventLogPage.Missed"/> events
    /// follows events the follower will never read: the retention trimmed them before it read them (the log was out of its
    /// reach while another instance appended, or more came between two reads than the log keeps), or the log was lost.
    /// </summary>
    protected abstract Task OnPageAsync(EventLogPage page, CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EventCursor? cursor = null;
        var failed = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (cursor is null)
                {
                    try
                    {
                        cursor = FollowFrom(await log.GetEndAsync(stoppingToken));
                        OnStart(cursor.Value);
                    }
                    finally
                    {
                        _firstTry.TrySetResult();
                    }
                }
                // A log found empty is read from before its first event, not from its start, for the page to say whether
                // the log still holds every event the follower has not read.
                var from = cursor.Value == EventCursor.Start ? EventCursor.BeforeTheFirst : cursor.Value;
                var page = await log.WaitForPageAsync(from, PageSize, EventLogReading.Recheck, time, stoppingToken);
                await OnPageAsync(page, stoppingToken);
                cursor = page.Next;
                failed = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (EventLogUnavailableException)
            {
                await Task.Delay(EventLogReading.Recheck, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e)
            {
                await failures.RetryAfterAsync(loop, e, ++failed, stoppingToken);
            }
        }
        _firstTry.TrySetResult(); // stopped before it was made
    }
}
