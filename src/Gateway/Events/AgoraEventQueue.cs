using System.Net;
using System.Text.Json;
using Gateway.Forwarding;
using Gateway.Upstream;

namespace Gateway.Events;

/// <summary>
/// Agora's app-wide event queue, <c>/edu/polling/apps/{appId}/v2/rooms/sequences</c>, called with the gateway's own
/// credential (<see cref="IUpstreamCredentials.ForServiceAsync"/>). Each event comes out of it once, so whatever it
/// answers must be stored at once.
/// </summary>
public sealed partial class AgoraEventQueue(AgoraUpstream upstream, IHttpClientFactory clients, IUpstreamCredentials credentials, IOptions<AgoraOptions> agora,
    IOptions<EventsOptions> events, TimeProvider time, Telemetry.GatewayMetrics metrics, ILogger<AgoraEventQueue> logger)
{
    readonly TimeSpan _timeout = TimeSpan.FromSeconds(agora.Value.TimeoutSeconds);

    /// <summary>
    /// The most of a poll's answer the gateway reads. A batch is at most 100 events; an answer past this is no batch of
    /// Agora's, and reading it whole (as far as the HTTP client's own bound of 2 GB) could take the instance's memory.
    /// </summary>
    public const int MaxAnswerBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Takes the next batch, waiting for Agora up to <c>Agora:TimeoutSeconds</c>; a poll given up on is a failed batch.
    /// Agora hands out a poll's events when it takes the poll, so the events of a poll given up on after that are gone:
    /// nothing else gives a poll up. The timeout leaves a process paused past it the grace to read an answer that came
    /// meanwhile.
    /// </summary>
    public async Task<PolledBatch> TakeAsync()
    {
        using var deadline = new WakingDeadline(time, events.Value.AnswerGrace, _timeout);
        try
        {
            var credential = await credentials.ForServiceAsync(deadline.Token);
            using var request = upstream.Request(HttpMethod.Get, upstream.PollingPath);
            AgoraRequestTransformer.SetCredentials(request.Headers, credential);
            var client = clients.CreateClient(AgoraHttpClients.Service);
            client.MaxResponseContentBufferSize = MaxAnswerBytes;
            using var response = await client.SendAsync(request, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return PolledBatch.Fail($"Agora answered {(int)response.StatusCode}", RetryAfterOf(response));
            }
            // SendAsync returns once the whole answer is buffered: its events are off Agora's queue and in hand, so a
            // deadline that passes now (a busy process runs this late) must not drop them.
            var envelope = await response.Content.ReadFromJsonAsync<AgoraEnvelope<List<AgoraEvent>>>(AgoraJson.Answers, CancellationToken.None);
            return envelope is { Code: AgoraCodes.Success }
                ? new PolledBatch(Storable(envelope.Data ?? []))
                : PolledBatch.Fail($"Agora answered business code {envelope?.Code}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return PolledBatch.Fail($"Agora's answer was larger than the gateway reads ({MaxAnswerBytes / (1024 * 1024)} MiB)");
        }
        catch (OperationCanceledException) when (deadline.Token.IsCancellationRequested)
        {
            // Only the deadline gives a poll up; the handler's bound on connecting (a cancellation too) ends a poll that
            // never reached Agora and took nothing off its queue: a failure like any other, below.
            metrics.PollGivenUp();
            return PolledBatch.Fail($"Agora did not answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e)
        {
            // Whatever went wrong (network, a body that is not Agora's, no token), the poller backs off and retries.
            return PolledBatch.Fail($"Agora could not be polled ({e.GetType().Name})");
        }
    }

    /// <summary>
    /// The events as the log can hold them: one without <c>data</c> has <c>null</c> there, as its JSON cannot be written
    /// otherwise; one without its room is no room's, and is dropped with a warning (the log in Redis would skip it on every
    /// read). Kept, either would fail every append of its batch, or every read of the log's followers, and stop the events of
    /// every room for good: the batch is held until it is stored, and nothing more is polled meanwhile.
    /// </summary>
    List<AgoraEvent> Storable(List<AgoraEvent> polled)
    {
        var storable = new List<AgoraEvent>(polled.Count);
        foreach (var polledEvent in polled)
        {
            if (polledEvent.RoomUuid is null)
            {
                LogEventWithoutRoom(logger, polledEvent.Cmd, polledEvent.Sequence);
                continue;
            }
            storable.Add(polledEvent.Data.ValueKind == JsonValueKind.Undefined ? polledEvent with { Data = NoData } : polledEvent);
        }
        return storable;
    }

    static readonly JsonElement NoData = JsonDocument.Parse("null").RootElement;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's event queue handed out an event without its room (cmd {Cmd}, sequence {Sequence}): it is no room's, and is not stored")]
    static partial void LogEventWithoutRoom(ILogger logger, int cmd, long sequence);

    TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
