using Polly;
using Polly.CircuitBreaker;

namespace Gateway.Resilience;

/// <summary>
/// Polly's circuit breaker around every call to Agora (the forwarder's and the readiness check's): a failing Agora is not
/// hammered. While the circuit is open a call is refused at once with <see cref="BrokenCircuitException"/>; after the
/// break one call goes through as a probe, and its outcome closes the circuit or opens it again.
/// </summary>
public sealed class UpstreamCircuitBreaker
{
    readonly CircuitBreakerStateProvider _state = new();
    readonly ResiliencePipeline<UpstreamResult> _pipeline;

    public UpstreamCircuitBreaker(IOptions<CircuitBreakerOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        BreakDuration = settings.BreakDuration;
        _pipeline = new ResiliencePipelineBuilder<UpstreamResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<UpstreamResult>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _state,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result.Failed),
            })
            .Build();
    }

    public TimeSpan BreakDuration { get; }

    public CircuitState State => _state.CircuitState;

    /// <summary>Makes the call unless the circuit is open.</summary>
    /// <exception cref="BrokenCircuitException">The circuit is open: the call was not made.</exception>
    public ValueTask<UpstreamResult> CallAsync<TState>(Func<TState, CancellationToken, ValueTask<UpstreamResult>> call, TState state,
        CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (s, token) => s.call(s.state, token), (call, state), cancellationToken);

    /// <summary>How long a refused caller should wait: what the circuit said, else a whole break.</summary>
    public TimeSpan RetryAfter(BrokenCircuitException refusal) => refusal.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : BreakDuration;
}
