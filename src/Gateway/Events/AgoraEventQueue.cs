using System.Net;
using Gateway.Forwarding;
using Gateway.Upstream;

namespace Gateway.Events;

/// <summary>
/// Agora's app-wide event queue, <c>/edu/polling/apps/{appId}/v2/rooms/sequences</c>, called with the gateway's own
/// credential (<see cref="IUpstreamCredentials.ForServiceAsync"/>). Each event comes out of it once, so whatever it
/// answers must be stored at once.
/// </summary>
public sealed class AgoraEventQueue(AgoraUpstream upstream, IHttpClientFactory clients, IUpstreamCredentials credentials, IOptions<AgoraOptions> agora,
    IOptions<EventsOptions> events, TimeProvider time)
{
    // Shorter than the lease, so that a poll in flight never outlives the leadership it was started under.
    readonly TimeSpan _timeout = TimeSpan.FromSeconds(Math.Min(agora.Value.TimeoutSeconds, Math.Max(1, events.Value.LeaseSeconds / 2.0)));

    public async Task<PolledBatch> TakeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            var credential = await credentials.ForServiceAsync(deadline.Token);
            using var request = upstream.Request(HttpMethod.Get, upstream.PollingPath);
            AgoraRequestTransformer.SetCredentials(request.Headers, credential);
            using var response = await clients.CreateClient(AgoraHttpClients.Service).SendAsync(request, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return PolledBatch.Fail($"Agora answered {(int)response.StatusCode}", RetryAfterOf(response));
            }
            var envelope = await response.Content.ReadFromJsonAsync<AgoraEnvelope<List<AgoraEvent>>>(deadline.Token);
            return envelope is { Code: AgoraCodes.Success }
                ? new PolledBatch(envelope.Data ?? [])
                : PolledBatch.Fail($"Agora answered business code {envelope?.Code}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PolledBatch.Fail($"Agora did not answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong (network, a body that is not Agora's, no token), the poller backs off and retries.
            return PolledBatch.Fail($"Agora could not be polled ({e.GetType().Name})");
        }
    }

    TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
