using Gateway.Resilience;
using Gateway.Upstream;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Health;

/// <summary>
/// Any HTTP answer from the upstream's base URL means it is reachable. The check is a call to Agora like any other,
/// through the circuit breaker: while the circuit is open the gateway refuses calls, so it is not ready, and the check
/// does not knock on the upstream either; once the break is over, the check may be the probe that closes it. Like every
/// call to Agora it carries the gateway's credential.
/// </summary>
public sealed class UpstreamHealthCheck(IHttpClientFactory clients, AgoraUpstream upstream, UpstreamCircuitBreaker breaker,
    IUpstreamCredentials credentials) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        UpstreamResult result;
        try
        {
            result = await breaker.CallAsync(static (check, token) => check.KnockAsync(token), this, cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return HealthCheckResult.Unhealthy("The circuit to the upstream is open after repeated failures; calls are held back.");
        }
        return result.Error == ForwarderError.None
            ? HealthCheckResult.Healthy($"The upstream answered {result.StatusCode}.")
            : HealthCheckResult.Unhealthy("The upstream does not answer.");
    }

    async ValueTask<UpstreamResult> KnockAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            using var request = upstream.Request(HttpMethod.Get, "");
            (await credentials.ForServiceAsync(deadline.Token)).ApplyTo(request.Headers);
            using var response = await clients.CreateClient(AgoraHttpClients.Service)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return UpstreamResult.Answered((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new UpstreamResult(ForwarderError.RequestTimedOut, 0);
        }
        catch (HttpRequestException)
        {
            return new UpstreamResult(ForwarderError.Request, 0);
        }
    }
}
