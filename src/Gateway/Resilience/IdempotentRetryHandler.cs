using Gateway.Configuration;
using Polly;
using Polly.Retry;

namespace Gateway.Resilience;

/// <summary>
/// Retries a GET or HEAD whose connection failed before any answer came back (refused, reset, connecting timed out): it
/// changes nothing at Agora, and the client has received nothing yet. Agora's schedule — after 1 s, 3 s, then 6 s — as
/// far as it fits in <c>Agora:TimeoutSeconds</c> from the first try (two retries with the default 10 s), each on the
/// host then in use. Writes, timeouts and answers, even errors, are never retried.
/// </summary>
public sealed class IdempotentRetryHandler : DelegatingHandler
{
    /// <summary>Agora's advice for a failed call: wait 1 s, then 3 s, then 6 s.</summary>
    public static readonly TimeSpan[] Schedule = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6)];

    static readonly ResiliencePropertyKey<long> FirstTry = new("Gateway.FirstTry");

    readonly ResiliencePipeline<HttpResponseMessage> _retry;
    readonly TimeProvider _time;

    public IdempotentRetryHandler(IOptions<AgoraOptions> options, TimeProvider time)
    {
        _time = time;
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // Polly asks this after the last try too, before it checks MaxRetryAttempts.
                ShouldHandle = args => ValueTask.FromResult(args.AttemptNumber < Schedule.Length && args.Outcome.Exception is { } failure
                    && HostFailoverHandler.Classify(failure, args.Context.CancellationToken) != ConnectionFailure.None
                    && time.GetElapsedTime(args.Context.Properties.GetValue(FirstTry, 0)) + Schedule[args.AttemptNumber] < timeout),
                MaxRetryAttempts = Schedule.Length,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Schedule[args.AttemptNumber]),
            })
            .Build();
    }

    /// <summary>A method that changes nothing at Agora: the only ones ever sent again.</summary>
    public static bool IsRead(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        IsRead(request.Method) ? SendReadAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    async Task<HttpResponseMessage> SendReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(FirstTry, _time.GetTimestamp());
        try
        {
            return await _retry.ExecuteAsync(static (context, state) => new ValueTask<HttpResponseMessage>(
                state.Handler.SendOnce(state.Request, context.CancellationToken)), context, (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    Task<HttpResponseMessage> SendOnce(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
}
