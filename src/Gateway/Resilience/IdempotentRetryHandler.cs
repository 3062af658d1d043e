using Polly;
using Polly.Retry;

namespace Gateway.Resilience;

/// <summary>
/// Retries a GET or HEAD whose connection failed before any answer came back (refused, reset): the upstream did
/// nothing a second try could repeat, and the client has received nothing yet. Twice at most, backing off with
/// jitter; the forwarder's deadline cancels the waits, so retries never outlast <c>Agora:TimeoutSeconds</c>.
/// Timeouts and answers, even errors, are never retried.
/// </summary>
public sealed class IdempotentRetryHandler : DelegatingHandler
{
    public const int MaxRetries = 2;

    static readonly ResiliencePipeline<HttpResponseMessage> Retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException
                && !args.Context.CancellationToken.IsCancellationRequested),
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
        })
        .Build();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            return base.SendAsync(request, cancellationToken);
        }
        return Retry.ExecuteAsync(static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnce(state.Request, token)),
            (Handler: this, Request: request), cancellationToken).AsTask();
    }

    Task<HttpResponseMessage> SendOnce(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
}
