using Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Upstream;

/// <summary>
/// A GET of an Agora host: any HTTP answer means the host is reachable. Like every call to Agora it carries the gateway's
/// credential and waits for Agora as long as any call may (<c>Agora:TimeoutSeconds</c>), so that its failure, which the
/// circuit breaker counts, means what a client's call's failure means.
/// </summary>
public sealed class UpstreamKnock(IHttpClientFactory clients, AgoraUpstream upstream, IUpstreamCredentials credentials, IOptions<AgoraOptions> options)
{
    readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

    /// <summary>
    /// The room <see cref="AskForARoomAsync"/> queries. No class needs to hold it: Agora answers a room it does not know
    /// with 404 and 20404100, one it does with the room, and either way has taken the credential; a credential it does
    /// not take (another app's certificate, a wrong app id) gets 401 whatever the room.
    /// </summary>
    public const string ReadinessRoom = "gateway-readiness";

    /// <summary>Knocks on the base URL of the host in use, or of <paramref name="host"/> and no other when one is named.</summary>
    public ValueTask<UpstreamResult> KnockAsync(AgoraHost? host, CancellationToken cancellationToken) =>
        GetAsync("", host, cancellationToken);

    /// <summary>
    /// Queries <see cref="ReadinessRoom"/> on the host in use: an answer says the host is reachable, as a knock's does,
    /// and its status whether Agora takes the gateway's credential, which the base URL, outside the app's routes, never
    /// says.
    /// </summary>
    public ValueTask<UpstreamResult> AskForARoomAsync(CancellationToken cancellationToken) =>
        GetAsync(upstream.AppPath("v2", "rooms", ReadinessRoom), host: null, cancellationToken);

    async ValueTask<UpstreamResult> GetAsync(string pathAndQuery, AgoraHost? host, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var request = upstream.Request(HttpMethod.Get, pathAndQuery, host);
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
