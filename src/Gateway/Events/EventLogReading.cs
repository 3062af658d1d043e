namespace Gateway.Events;

public static class EventLogReading
{
    /// <summary>How long a reader trusts the append signal alone: a notification lost in a Redis reconnect costs at most this.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The next events after <paramref name="after"/>: at once if there are some, or if the page says it missed some, else
    /// the ones appended within <paramref name="maxWait"/> (an empty page when none came). A page past the end of a log that
    /// was lost says so while it looks at nothing, and read again once an append came, it would look at that one, which
    /// names the log's end as the entry before it, not the lost one the cursor names, and could not say it.
    /// </summary>
    public static async Task<EventLogPage> WaitForPageAsync(this IEventLog log, EventCursor after, int limit, TimeSpan maxWait,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var appended = log.NextAppend;
        var page = await log.ReadAsync(after, limit, cancellationToken);
        if (page.Events.Count > 0 || page.Missed)
        {
            return page;
        }
        // A wait that times out reads again as one an append ended does: not thrown, its timeout costs no exception, which
        // each follower of an idle log would throw every second.
        await appended.WaitAsync(maxWait < Recheck ? maxWait : Recheck, time, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        return await log.ReadAsync(after, limit, cancellationToken);
    }
}
