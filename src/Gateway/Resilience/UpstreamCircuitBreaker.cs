using Gateway.Upstream;
using Polly;
using Polly.CircuitBreaker;

namespace Gateway.Resilience;

/// <summary>
/// Polly's circuit breaker around every call to Agora (the forwarder's and the readiness check's): a failing Agora is not
/// hammered. While the circuit is open a call is refused at once with <see cref="BrokenCircuitException"/>; after the
/// break one call goes through as a probe, and its outcome closes the circuit or opens it again (a probe its client gave
/// up on before Agora answered opens it again: it learned nothing). The circuit is the
/// host's in use (<see cref="AgoraHosts"/>): each time calls move to another host they start on a closed circuit, and
/// when the primary's circuit opens while there is a backup, calls move to the backup.
/// </summary>
public sealed partial class UpstreamCircuitBreaker
{
    /// <summary>One host's time in use and its circuit.</summary>
    sealed record Circuit(AgoraHosts.InUseHost Stint, ResiliencePipeline<UpstreamResult> Pipeline, CircuitBreakerStateProvider State);

    readonly CircuitBreakerOptions _settings;
    readonly AgoraHosts _hosts;
    readonly TimeProvider _time;
    readonly ILogger<UpstreamCircuitBreaker> _logger;
    Circuit _circuit;

    public UpstreamCircuitBreaker(IOptions<CircuitBreakerOptions> options, AgoraHosts hosts, TimeProvider time, ILogger<UpstreamCircuitBreaker> logger)
    {
        _settings = options.Value;
        _hosts = hosts;
        _time = time;
        _logger = logger;
        _circuit = CircuitFor(hosts.InUse);
    }

    public TimeSpan BreakDuration => _settings.BreakDuration;

    /// <summary>The state of the circuit of the host in use.</summary>
    public CircuitState State => CurrentCircuit().State.CircuitState;

    /// <summary>Makes the call unless the circuit is open.</summary>
    /// <exception cref="BrokenCircuitException">The circuit is open: the call was not made.</exception>
    /// <remarks>
    /// Polly counts every call it makes as a success or a failure, an exception it does not handle included. A call its
    /// client gave up on before Agora answered learned nothing of Agora and is counted as neither: counted a success, such
    /// calls kept an Agora that never answered under the failure ratio while their clients gave up before its bound, and
    /// every call went on to it. So while the circuit is closed (where Polly admits every call) the call is made outside
    /// the pipeline, and only an outcome that says something of Agora, and comes while the circuit is still closed, is then
    /// told to it; otherwise the call goes through the pipeline, which refuses it or makes it the probe.
    /// </remarks>
    public async ValueTask<UpstreamResult> CallAsync<TState>(Func<TState, CancellationToken, ValueTask<UpstreamResult>> call, TState state,
        CancellationToken cancellationToken)
    {
        var circuit = CurrentCircuit();
        if (circuit.State.CircuitState != CircuitState.Closed)
        {
            return await circuit.Pipeline.ExecuteAsync(static (s, token) => s.call(s.state, token), (call, state), cancellationToken);
        }
        var result = await call(state, cancellationToken);
        // Told only while the circuit is still closed: once it has opened, an outcome of a call made before is no probe,
        // which after the break it would become, closing the circuit on an old answer or opening it for another break.
        if (!result.Unanswered && circuit.State.CircuitState == CircuitState.Closed)
        {
            try
            {
                await circuit.Pipeline.ExecuteAsync(static (outcome, _) => ValueTask.FromResult(outcome), result, CancellationToken.None);
            }
            catch (BrokenCircuitException)
            {
                // The circuit opened since it was looked at, as others failed meanwhile: its outcome is one more of the same.
            }
        }
        return result;
    }

    /// <summary>How long a refused caller should wait: what the circuit said, else a whole break.</summary>
    public TimeSpan RetryAfter(BrokenCircuitException refusal) => refusal.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : BreakDuration;

    Circuit CurrentCircuit()
    {
        var circuit = Volatile.Read(ref _circuit);
        var stint = _hosts.InUse;
        if (circuit.Stint == stint)
        {
            return circuit;
        }
        var fresh = CircuitFor(stint);
        return Interlocked.CompareExchange(ref _circuit, fresh, circuit) == circuit ? fresh : Volatile.Read(ref _circuit);
    }

    Circuit CircuitFor(AgoraHosts.InUseHost stint)
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder<UpstreamResult> { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<UpstreamResult>
            {
                FailureRatio = _settings.FailureRatio,
                MinimumThroughput = _settings.MinimumThroughput,
                SamplingDuration = _settings.SamplingDuration,
                BreakDuration = _settings.BreakDuration,
                StateProvider = state,
                // A call its client gave up on while the circuit is closed is not told to it (CallAsync). The probe after a
                // break decides: one its client gave up on before Agora answered learned nothing, and keeps the circuit
                // open another break, where counted a success it closed the circuit on a dead Agora. The forwarder says so
                // in its result; the gateway's own calls (AgoraServiceCalls) by their caller's cancellation, which comes
                // out of the call as an exception.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null
                    ? args.Outcome.Result.Failed || (args.Outcome.Result.Unanswered && state.CircuitState == CircuitState.HalfOpen)
                    : state.CircuitState == CircuitState.HalfOpen),
                OnOpened = _ =>
                {
                    if (stint.Host == AgoraHost.Primary && _hosts.SwitchToBackup("the circuit to the primary opened after repeated failures"))
                    {
                        LogSwitched(_logger);
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return new Circuit(stint, pipeline, state);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calls to Agora now go to the backup host: the circuit to the primary opened after repeated failures")]
    static partial void LogSwitched(ILogger logger);
}
