using Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Upstream;

/// <summary>
/// A GET of an Agora host's base URL: any HTTP answer means the host is reachable. Like every call to Agora it carries
/// the gateway's credential and waits for Agora as long as any call may (<c>Agora:TimeoutSeconds</c>), so that its
/// failure, which the circuit breaker counts, means what a client's call's failure means.
/// </summary>
public sealed class UpstreamKnock(IHttpClientFactory clients, AgoraUpstream upstream, IUpstreamCredentials credentials, IOptions<AgoraOptions> options)
{
    readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

    /// <summary>Knocks on the host in use, or on <paramref name="host"/> and no other when one is named.</summary>
    public async ValueTask<UpstreamResult> KnockAsync(AgoraHost? host, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var request = upstream.Request(HttpMethod.Get, "", host);
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
