using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Forwarding;
using Gateway.Resilience;
using Gateway.Telemetry;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Upstream;

/// <summary>
/// The gateway's own calls to Agora made while it serves a request (the join's room query and create), whose answers it
/// reads rather than passes on: the same HTTP client definition, credentials, circuit breaker and time bound as a
/// forwarded call, with the whole answer read (at most <see cref="MaxAnswerBytes"/>), or the part of it a caller reads
/// (<see cref="ReadPartAsync{T}"/>).
/// </summary>
public sealed partial class AgoraServiceCalls(
    IHttpClientFactory clients,
    AgoraUpstream upstream,
    IUpstreamCredentials credentials,
    UpstreamCircuitBreaker breaker,
    GatewayMetrics metrics,
    IOptions<AgoraOptions> options,
    ILogger<AgoraServiceCalls> logger)
{
    /// <summary>
    /// Agora's answers hold what bodies set: a room's query answers every property its writes set, one of up to a body's
    /// 1 MiB among them, inside its envelope and beside the room's own fields (and longer still from a writer that escapes,
    /// <c>&lt;</c> as <c>\u003c</c>). The bound is the event poll's, which reads such values back as well; a body's own
    /// bound made the room route and the join answer 502 to every member once one large property was set.
    /// </summary>
    public const int MaxAnswerBytes = Events.AgoraEventQueue.MaxKeptBytes;

    readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

    /// <summary>
    /// Reads <paramref name="pathAndQuery"/> (already percent-encoded) on behalf of <paramref name="uid"/>, for the request
    /// <paramref name="requestId"/> names (its <c>X-Request-Id</c>, sent on as a forwarded call's is); a read other
    /// requests may share, so it names no request of its own.
    /// </summary>
    public Task<AgoraAnswer> ReadAsync(string pathAndQuery, string uid, string requestId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, pathAndQuery, uid, requestId, body: null, writer: null, ReadWholeAsync, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync"/>, keeping of a success only the part of its <c>data</c> that <typeparamref name="T"/> reads,
    /// read as the answer arrives: every other value is passed over one at a time, so an answer of any length is read, where
    /// <see cref="ReadAsync"/> keeps at most <see cref="MaxAnswerBytes"/> of it. The answer's body is Agora's envelope
    /// holding that part, for <see cref="AgoraAnswer.Data{T}"/>.
    /// </summary>
    public Task<AgoraAnswer> ReadPartAsync<T>(string pathAndQuery, string uid, string requestId, CancellationToken cancellationToken) where T : class =>
        SendAsync(HttpMethod.Get, pathAndQuery, uid, requestId, body: null, writer: null, ReadPartOfSuccessAsync<T>, cancellationToken);

    /// <summary>
    /// Writes <paramref name="body"/> to <paramref name="pathAndQuery"/> on behalf of <paramref name="uid"/> for the request
    /// <paramref name="context"/>, which is marked <see cref="SentToAgora"/> as the write goes out, as the forwarder marks
    /// the writes it sends: a write the gateway held back (no token, the circuit open) is known to have changed nothing.
    /// </summary>
    public Task<AgoraAnswer> WriteAsync(HttpContext context, HttpMethod method, string pathAndQuery, string uid, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken) =>
        SendAsync(method, pathAndQuery, uid, context.RequestId(), body, context, ReadWholeAsync, cancellationToken);

    /// <summary>Reads the body of one of Agora's successes (a status below 400).</summary>
    delegate Task<AgoraAnswer> SuccessReader(int status, HttpContent content, CancellationToken cancellationToken);

    async Task<AgoraAnswer> SendAsync(HttpMethod method, string pathAndQuery, string uid, string requestId, ReadOnlyMemory<byte>? body,
        HttpContext? writer, SuccessReader readSuccess, CancellationToken cancellationToken)
    {
        AgoraCallCredential credential;
        try
        {
            credential = await credentials.ForCallerAsync(uid, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMintFailed(logger, e.GetType().Name);
            return AgoraAnswer.Unanswered(StatusCodes.Status503ServiceUnavailable, "No Agora token could be minted for the call.");
        }
        AgoraAnswer? answer = null;
        try
        {
            await breaker.CallAsync(async (_, token) =>
            {
                answer = await SendOnceAsync(method, pathAndQuery, credential, requestId, body, writer, readSuccess, token);
                return answer.Status == 0 ? new UpstreamResult(ForwarderError.Request, 0) : UpstreamResult.Answered(answer.Status);
            }, 0, cancellationToken);
        }
        catch (BrokenCircuitException refused)
        {
            return AgoraAnswer.Unanswered(StatusCodes.Status503ServiceUnavailable,
                "Agora has been failing; the gateway holds calls back for a while. Try again after Retry-After.", breaker.RetryAfter(refused));
        }
        return answer!.Status == 0 ? answer with { Status = StatusCodes.Status502BadGateway } : answer;
    }

    /// <summary>One exchange, bounded as a forwarded call is; status 0 stands for "no answer" until the breaker has seen it.</summary>
    async Task<AgoraAnswer> SendOnceAsync(HttpMethod method, string pathAndQuery, AgoraCallCredential credential, string requestId,
        ReadOnlyMemory<byte>? body, HttpContext? writer, SuccessReader readSuccess, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var started = Stopwatch.GetTimestamp();
        using var request = upstream.Request(method, pathAndQuery);
        credential.ApplyTo(request.Headers);
        request.Headers.TryAddWithoutValidation(RequestCorrelation.Header, requestId);
        if (body is { } bytes)
        {
            request.Content = new ReadOnlyMemoryContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        if (writer is not null)
        {
            SentToAgora.Mark(writer);
        }
        var answered = false;
        try
        {
            using var response = await clients.CreateClient(AgoraHttpClients.Service).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            answered = true;
            var answer = await ReadAnswerAsync(response, readSuccess, deadline.Token, cancellationToken);
            // Counted as Agora answered, as a forwarded call is, whatever the gateway makes of the answer.
            metrics.UpstreamCall(method.Method, (int)response.StatusCode, null, Stopwatch.GetElapsedTime(started));
            if ((int)response.StatusCode < 400 && !answer.IsSuccess)
            {
                // Not an error of Agora's, which the caller is told as it is, but an answer the gateway cannot use.
                LogUnusableAnswer(logger, (int)response.StatusCode, answer.Detail);
            }
            return answer;
        }
        // The bound, or the handler's own bound on connecting (a cancellation that is not the caller's either), as YARP
        // takes both for a forwarded call.
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, _timeout.TotalSeconds);
            metrics.UpstreamCall(method.Method, null, nameof(ForwarderError.RequestTimedOut), Stopwatch.GetElapsedTime(started));
            // A status the breaker counts as a failure, as it counts a forwarded call that timed out.
            return AgoraAnswer.Unanswered(StatusCodes.Status504GatewayTimeout, $"Agora did not answer within {_timeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            LogCallFailed(logger, e.GetType().Name);
            metrics.UpstreamCall(method.Method, null, nameof(ForwarderError.Request), Stopwatch.GetElapsedTime(started));
            return AgoraAnswer.Unanswered(0, answered ? AgoraAnswer.BrokeOff : AgoraAnswer.Unreached);
        }
    }

    async Task<AgoraAnswer> ReadAnswerAsync(HttpResponseMessage response, SuccessReader readSuccess, CancellationToken cancellationToken, CancellationToken caller)
    {
        var status = (int)response.StatusCode;
        if (status >= 400)
        {
            var (code, msg) = await AgoraRequestTransformer.ReadAgoraError(response.Content, options.Value.AppCertificate, cancellationToken, caller);
            return new AgoraAnswer(status, null, [], code, msg, AgoraRequestTransformer.UpstreamDetail(status, msg),
                AgoraRequestTransformer.RetryAfterOf(response));
        }
        return await readSuccess(status, response.Content, cancellationToken);
    }

    static async Task<AgoraAnswer> ReadWholeAsync(int status, HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        if (await BoundedRead.ReadAtMostAsync(stream, MaxAnswerBytes, cancellationToken) is not { } read)
        {
            return AgoraAnswer.Unanswered(StatusCodes.Status502BadGateway, AgoraAnswer.TooLarge);
        }
        var body = read.ToArray();
        return CodeOf(body) is { } business ? Answered(status, content.Headers.ContentType?.ToString(), body, business) : NotAnEnvelope;
    }

    /// <summary>
    /// Of what it passes over the serializer holds one value at a time, its buffer grown to the longest (one property of the
    /// room's, or <c>widgets</c> with every widget in it), never the whole answer.
    /// </summary>
    static async Task<AgoraAnswer> ReadPartOfSuccessAsync<T>(int status, HttpContent content, CancellationToken cancellationToken) where T : class
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonSerializer.DeserializeAsync<AgoraEnvelope<T>>(stream, AgoraJson.Answers, cancellationToken) is { } envelope
                ? Answered(status, "application/json", JsonSerializer.SerializeToUtf8Bytes(envelope, AgoraJson.Answers), envelope.Code)
                : NotAnEnvelope;
        }
        catch (JsonException)
        {
            return NotAnEnvelope;
        }
    }

    static AgoraAnswer Answered(int status, string? contentType, byte[] body, int business) =>
        new(status, contentType, body, business, null, $"Agora answered {status} with code {business}.");

    static readonly AgoraAnswer NotAnEnvelope = AgoraAnswer.Unanswered(StatusCodes.Status502BadGateway, "Agora's answer was not its envelope.");

    /// <summary>The business code of Agora's envelope; null for a body that is not one.</summary>
    static int? CodeOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, AgoraJson.Documents);
            return AgoraRequestTransformer.BusinessCode(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mint an Agora token for the gateway's call ({ExceptionType})")]
    static partial void LogMintFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's answer ({Status}) to the gateway's call could not be used: {Detail}")]
    static partial void LogUnusableAnswer(ILogger logger, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora did not answer the gateway's call within {Seconds} s")]
    static partial void LogTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calling Agora failed ({ExceptionType})")]
    static partial void LogCallFailed(ILogger logger, string exceptionType);
}
