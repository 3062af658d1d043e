using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>
/// One run of a readiness check, shared by every readiness request for <see cref="Fresh"/> from its start, those that
/// come while it runs too, unless what it was run for (<typeparamref name="TState"/>: the host in use, the circuit's
/// state) has changed meanwhile. <c>/readyz</c> needs no sign-in: else anyone could make the gateway call its
/// dependencies as fast as they can ask. A run is not cancelled by the requests it answers; its own bound ends it.
/// </summary>
public sealed class SharedCheck<TState>(TimeProvider time)
{
    /// <summary>How long a run's start answers readiness requests for.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    sealed record Run(Task<HealthCheckResult> Result, long StartedAt, TState State);

    Run? _last;

    /// <summary>The run that answers a request now: the last one, or one <paramref name="start"/> begins.</summary>
    public Task<HealthCheckResult> Current(TState state, Func<Task<HealthCheckResult>> start)
    {
        var last = Volatile.Read(ref _last);
        if (last is null || !EqualityComparer<TState>.Default.Equals(last.State, state)
            || (last.Result.IsCompleted && time.GetElapsedTime(last.StartedAt) >= Fresh))
        {
            // Two requests at once may each start one; either answers the next.
            last = new Run(start(), time.GetTimestamp(), state);
            Volatile.Write(ref _last, last);
        }
        return last.Result;
    }
}
