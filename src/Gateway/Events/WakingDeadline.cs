namespace Gateway.Events;

/// <summary>
/// A deadline on a wait for Agora's answer to a poll that, once it comes due, cancels the wait only a grace later,
/// counted from the moment it fired. A process paused past the deadline (SIGSTOP, a frozen VM) wakes with the timer due
/// and, often, Agora's whole answer waiting in its socket: the timer and the read then race, and a cancel that wins
/// drops events Agora has already handed out. The grace lets the read run first.
/// </summary>
public sealed class WakingDeadline : IDisposable
{
    readonly Lock _gate = new();
    readonly CancellationTokenSource _cancel;
    readonly ITimer _due;
    readonly TimeSpan _grace;
    bool _disposed;

    /// <summary>A deadline <paramref name="dueIn"/> from now, whose token is cancelled <paramref name="grace"/> after it fires.</summary>
    public WakingDeadline(TimeProvider time, TimeSpan grace, TimeSpan dueIn)
    {
        _grace = grace;
        _cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _due = time.CreateTimer(static state => ((WakingDeadline)state!).Fire(), this, dueIn, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled a grace after the deadline came due.</summary>
    public CancellationToken Token => _cancel.Token;

    void Fire()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _cancel.CancelAfter(_grace);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        _due.Dispose();
        _cancel.Dispose();
    }
}
