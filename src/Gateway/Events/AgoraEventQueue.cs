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
    /// The most of a batch's events' <c>data</c> the gateway keeps, in the order they came; an event past it is kept with
    /// <c>data</c> null (<see cref="PollAnswer"/>). Read whole, an answer past a bound was a failed poll, and the events of
    /// every room of its batch were lost; a deletion of a room's properties alone may be larger than any bound.
    /// </summary>
    public const int MaxKeptBytes = 8 * 1024 * 1024;

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
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return PolledBatch.Fail($"Agora answered {(int)response.StatusCode}", RetryAfterOf(response));
            }
            // Agora handed the events out as it answered: the answer is read on as long as it keeps coming, past the
            // deadline too, as a busy process reads an answer that came in time late.
            await using var body = await response.Content.ReadAsStreamAsync(CancellationToken.None);
            var answer = await PollAnswer.ReadAsync(buffer => ReadOnAsync(body, buffer), MaxKeptBytes);
            if (answer.Code != AgoraCodes.Success)
            {
                return PolledBatch.Fail($"Agora answered business code {answer.Code}");
            }
            foreach (var unreadable in answer.Unreadable)
            {
                LogEventUnreadable(logger, unreadable);
            }
            if (answer.MoreUnreadable > 0)
            {
                LogMoreUnreadable(logger, answer.MoreUnreadable);
            }
            foreach (var (dropped, bytes) in answer.Dropped)
            {
                LogDataDropped(logger, dropped.RoomUuid, dropped.Cmd, dropped.Sequence, bytes, MaxKeptBytes / (1024 * 1024));
            }
            return new PolledBatch(Storable(answer.Events));
        }
        catch (PollAnswer.TooLargeException e)
        {
            return PolledBatch.Fail($"Agora's answer held {e.Message}");
        }
        catch (TimeoutException)
        {
            metrics.PollGivenUp();
            return PolledBatch.Fail($"Agora's answer stopped coming for {_timeout.TotalSeconds:0.#} s");
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

    /// <summary>The next bytes of an answer, waited for as long as the whole answer's headers were: then it has stopped coming.</summary>
    async ValueTask<int> ReadOnAsync(Stream body, Memory<byte> buffer)
    {
        using var stall = new WakingDeadline(time, events.Value.AnswerGrace, _timeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token);
        }
        catch (OperationCanceledException) when (stall.Token.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
    }

    /// <summary>
    /// The events as the log can hold them: one without <c>data</c> has <c>null</c> there, as its JSON cannot be written
    /// otherwise, and so has one whose <c>data</c> JSON can carry but no writer can write again (a lone UTF-16 surrogate,
    /// <c>"\ud83d"</c>, as a browser escapes half an emoji), with a warning; one without its room is no room's, and is
    /// dropped with a warning (the log in Redis would skip it on every read). Kept, either would fail every append of its
    /// batch, or every read of the log's followers, and stop the events of every room for good: the batch is held until it
    /// is stored, and nothing more is polled meanwhile.
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
            if (polledEvent.Data.ValueKind == JsonValueKind.Undefined)
            {
                storable.Add(polledEvent with { Data = NoData });
                continue;
            }
            try
            {
                JsonSerializer.Serialize(Stream.Null, polledEvent, AgoraJson.Stored);
                storable.Add(polledEvent);
            }
            catch (JsonException)
            {
                LogDataUnwritable(logger, polledEvent.RoomUuid, polledEvent.Cmd, polledEvent.Sequence);
                storable.Add(polledEvent with { Data = NoData });
            }
        }
        return storable;
    }

    static readonly JsonElement NoData = JsonDocument.Parse("null").RootElement;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's event queue handed out an event whose data ({Bytes} bytes) is past what the gateway keeps of a batch ({BudgetMiB} MiB): it is stored with its data null (room {RoomUuid}, cmd {Cmd}, sequence {Sequence})")]
    static partial void LogDataDropped(ILogger logger, string? roomUuid, int cmd, long sequence, long bytes, int budgetMiB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's event queue handed out an event the gateway cannot read ({Reason}): it is not stored")]
    static partial void LogEventUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's event queue handed out {Count} more items of the same batch the gateway cannot read: they are not stored")]
    static partial void LogMoreUnreadable(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's event queue handed out an event whose data cannot be written again (a lone UTF-16 surrogate): it is stored with its data null (room {RoomUuid}, cmd {Cmd}, sequence {Sequence})")]
    static partial void LogDataUnwritable(ILogger logger, string roomUuid, int cmd, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's event queue handed out an event without its room (cmd {Cmd}, sequence {Sequence}): it is no room's, and is not stored")]
    static partial void LogEventWithoutRoom(ILogger logger, int cmd, long sequence);

    TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
