namespace Gateway.Resilience;

public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>How one upstream exchange ended, as far as the upstream's health goes.</summary>
public enum UpstreamOutcome
{
    Answered,
    Failed,
    /// <summary>The client gave up or sent a bad body: says nothing of the upstream.</summary>
    Abandoned,
}

/// <summary>
/// Stops calling an upstream that keeps failing: after <see cref="FailureThreshold"/> failures in a row the circuit
/// opens for <see cref="BreakDuration"/>, during which callers are refused at once; then one probe is let through,
/// and its outcome closes the circuit or opens it again.
/// </summary>
public sealed class UpstreamCircuitBreaker(TimeProvider time)
{
    public const int FailureThreshold = 5;
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(20);

    /// <summary>What a caller refused while the probe is out is told to wait: the probe settles it soon.</summary>
    static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(1);

    readonly Lock _lock = new();
    int _consecutiveFailures;
    DateTimeOffset? _openUntil;
    bool _probing;

    public CircuitState State
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is not { } until ? CircuitState.Closed
                    : time.GetUtcNow() < until ? CircuitState.Open
                    : CircuitState.HalfOpen;
            }
        }
    }

    /// <summary>Whether a call may go upstream now; if not, how long until it is worth asking again.</summary>
    public bool TryEnter(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            if (_openUntil is not { } until)
            {
                return true;
            }
            var now = time.GetUtcNow();
            if (now < until)
            {
                retryAfter = until - now;
                return false;
            }
            if (_probing)
            {
                retryAfter = ProbeWait;
                return false;
            }
            _probing = true;
            return true;
        }
    }

    /// <summary>Every call let in by <see cref="TryEnter"/> reports here how it ended.</summary>
    public void Record(UpstreamOutcome outcome)
    {
        lock (_lock)
        {
            if (outcome == UpstreamOutcome.Abandoned)
            {
                _probing = false;
                return;
            }
            if (outcome == UpstreamOutcome.Answered)
            {
                _consecutiveFailures = 0;
                _openUntil = null;
                _probing = false;
                return;
            }
            _consecutiveFailures++;
            if (_probing || _consecutiveFailures >= FailureThreshold)
            {
                _openUntil = time.GetUtcNow() + BreakDuration;
                _probing = false;
            }
        }
    }
}
