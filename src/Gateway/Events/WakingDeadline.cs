namespace Gateway.Events;

/// <summary>
/// A deadline on a wait for Agora's answer to a poll that, once it comes due, cancels the wait only a grace later,
/// counted from the moment it fired. A process paused past the deadline (SIGSTOP, a frozen VM) wakes with the timer due
/// and, often, Agora's whole answer waiting in its socket: the timer and the read then race, and a cancel that wins
/// drops events Agora has already handed out. The grace lets the read run first. Moving the deadline calls off a grace
/// that runs.
/// </summary>
public sealed class WakingDeadline : IDisposable
{
    readonly Lock _gate = new();
    readonly CancellationTokenSource _cancel;
    readonly ITimer _due;
    readonly TimeSpan _grace;
    readonly CancellationTokenRegistration _linked;
    bool _disposed;

    /// <summary>A deadline not yet due (<see cref="DueIn"/> sets it), given up on at once with <paramref name="linked"/>.</summary>
    public WakingDeadline(TimeProvider time, TimeSpan grace, CancellationToken linked = default)
    {
        _grace = grace;
        _cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _due = time.CreateTimer(static state => ((WakingDeadline)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _linked = linked.UnsafeRegister(static state => ((WakingDeadline)state!).Cancel(), this);
    }

    /// <summary>Cancelled a grace after the deadline came due.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Comes due after <paramref name="dueIn"/> (at once for zero or less); a grace already running is called off.</summary>
    public void DueIn(TimeSpan dueIn)
    {
        lock (_gate)
        {
            if (_disposed || _cancel.IsCancellationRequested)
            {
                return;
            }
            _cancel.CancelAfter(Timeout.InfiniteTimeSpan);
            _due.Change(dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

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

    void Cancel()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _cancel.Cancel();
            }
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        lock (_gate)
        {
            _disposed = true;
        }
        _due.Dispose();
        _cancel.Dispose();
    }
}
