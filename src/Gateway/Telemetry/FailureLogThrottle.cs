namespace Gateway.Telemetry;

/// <summary>Lets a failure be logged once for each new kind, and at most once a minute while the same kind lasts.</summary>
public sealed class FailureLogThrottle
{
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    string? _kind;
    long _loggedAt;

    /// <summary>The kind of the last failure, null once cleared.</summary>
    public string? Kind => Volatile.Read(ref _kind);

    public void Clear() => Volatile.Write(ref _kind, null);

    public bool ShouldLog(string kind)
    {
        var now = Environment.TickCount64;
        if (Interlocked.Exchange(ref _kind, kind) == kind && now - Interlocked.Read(ref _loggedAt) < (long)Interval.TotalMilliseconds)
        {
            return false;
        }
        Interlocked.Exchange(ref _loggedAt, now);
        return true;
    }
}
