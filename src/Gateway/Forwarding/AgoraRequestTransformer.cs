using System.Collections.Frozen;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Gateway.Audit;
using Gateway.Problems;
using Gateway.Telemetry;
using Gateway.Upstream;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// YARP copies every client header but Host by default: this one keeps only the end-to-end headers Agora may use, so no
/// credential, cookie or header of the client's own (its request id among them) reaches it, then sets the gateway's own
/// for the call. Error answers come back as problems.
/// </summary>
public sealed partial class AgoraRequestTransformer(string pathAndQuery, AgoraCallCredential credential, string? certificate) : HttpTransformer
{
    /// <summary>Agora's error bodies are small; anything longer is not read for a code.</summary>
    const int MaxErrorBodyBytes = 16 * 1024;

    /// <summary>The status Agora answered with, once it has: the client's may differ (a redirect is a 502 problem).</summary>
    public int? AgoraStatus { get; private set; }

    /// <summary>
    /// Agora answered a success whose envelope carries another business code, which the client is told as a 502 problem:
    /// an answer of Agora's, as its errors are, that says nothing of Agora failing.
    /// </summary>
    public bool AnsweredWithAnotherCode { get; private set; }

    /// <summary>
    /// The client's request headers that reach Agora: what it accepts and who it is, and the W3C trace context, which is
    /// end-to-end by design. Every other header ends at the gateway — credentials, cookies, the client's own and Agora's
    /// (<c>x-agora-*</c>), and the hop-by-hop ones, including those a client names in <c>Connection</c> (RFC 9110 7.6.1):
    /// an allowlist, because Kestrel keeps only the options it knows of a <c>Connection</c> that names <c>keep-alive</c>,
    /// <c>close</c> or <c>upgrade</c>, so the names beside them cannot be read.
    /// </summary>
    static readonly FrozenSet<string> EndToEndHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "traceparent", "tracestate");

    /// <summary>
    /// What of the client's description of a body goes with it: its type and length. The body is checked as the bytes it
    /// is, so a coding (<c>Content-Encoding: gzip</c>), a language or a location it was said to have would describe other
    /// bytes than Agora is sent.
    /// </summary>
    static readonly FrozenSet<string> BodyHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "Content-Type", "Content-Length");

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (httpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            // A route that forwards no body: YARP made an empty one only to carry the client's headers about the body.
            proxyRequest.Content = null;
        }
        // Every header YARP copied is one the client sent, so the client's names say what to remove; enumerating the
        // outgoing headers instead would parse every value.
        foreach (var header in httpContext.Request.Headers)
        {
            // Asked without validation, which unlike Remove does not throw for a name that is not a request header's
            // (the body's headers).
            if (!EndToEndHeaders.Contains(header.Key) && proxyRequest.Headers.NonValidated.Contains(header.Key))
            {
                proxyRequest.Headers.Remove(header.Key);
            }
            else if (!BodyHeaders.Contains(header.Key) && proxyRequest.Content?.Headers.NonValidated.Contains(header.Key) == true)
            {
                proxyRequest.Content.Headers.Remove(header.Key);
            }
        }
        // The end-to-end headers a client names in Connection are hop-by-hop all the same (the others are gone already).
        foreach (var option in httpContext.Request.Headers.GetCommaSeparatedValues(HeaderNames.Connection))
        {
            if (EndToEndHeaders.Contains(option))
            {
                proxyRequest.Headers.Remove(option);
            }
        }
        DropMalformedTraceContext(httpContext.Request.Headers, proxyRequest.Headers);
        proxyRequest.Headers.TryAddWithoutValidation(RequestCorrelation.Header, httpContext.RequestId());
        SetCredentials(proxyRequest.Headers, credential);
        proxyRequest.RequestUri = AgoraUpstream.Under(destinationPrefix, pathAndQuery);
        proxyRequest.Headers.Host = null;
    }

    /// <summary>
    /// A client's <c>traceparent</c> goes on only when it is one (W3C Trace Context: a single header of a version, a trace id
    /// and a parent id not all zeros, and flags), and its <c>tracestate</c> only beside such a one. While traces are exported
    /// the gateway ignores any other and starts a trace of its own, as the recommendation says; without them the header
    /// would otherwise reach Agora as the client wrote it, and the vendors' state with it, of no trace at all.
    /// </summary>
    static void DropMalformedTraceContext(IHeaderDictionary client, HttpRequestHeaders upstream)
    {
        var parent = client.TraceParent;
        if ((parent.Count == 0 && client.TraceState.Count == 0) || (parent.Count == 1 && ActivityContext.TryParse(parent[0], null, out _)))
        {
            return;
        }
        upstream.Remove("traceparent");
        upstream.Remove("tracestate");
    }

    /// <summary>The headers Agora authenticates a call by, from the one credential source every call to Agora uses.</summary>
    public static void SetCredentials(HttpRequestHeaders headers, AgoraCallCredential credential) => credential.ApplyTo(headers);

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }
        var status = (int)proxyResponse.StatusCode;
        AgoraStatus = status;
        if (status < 300)
        {
            return await PassOnSuccessAsync(httpContext, proxyResponse, status, cancellationToken);
        }
        if (status > 599)
        {
            // No HTTP status (RFC 9110 15: a recipient takes it as a 5xx): passed on, a client would get a status it cannot
            // read, with a problem of no title.
            await GatewayProblems.WriteAsync(httpContext, StatusCodes.Status502BadGateway, $"Agora answered {status}, which is no HTTP status.");
            return false;
        }
        if (status < 400)
        {
            // Agora's API redirects nowhere, and the gateway follows no redirect nor passes one on: its client would be sent
            // to Agora without the gateway, or told to go somewhere without being told where.
            await GatewayProblems.WriteAsync(httpContext, StatusCodes.Status502BadGateway,
                $"Agora answered {status}, a redirect, which the gateway does not follow.");
            return false;
        }
        // Agora has refused: what its body says refines the code, and a client that leaves while it is read is recorded with it.
        AgoraOutcome.Record(httpContext, status, status);
        int? code;
        string? msg;
        try
        {
            (code, msg) = await ReadAgoraError(proxyResponse.Content, certificate, cancellationToken, httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client left while Agora's error was still coming: no failure of Agora's or the gateway's (YARP would
            // take it for a broken answer and warn of it), and no one is left to answer.
            ClientBody.EndAsLeft(httpContext);
            return false;
        }
        AgoraOutcome.Record(httpContext, status, code ?? status);
        await GatewayProblems.WriteAsync(httpContext, status, UpstreamDetail(status, msg), code ?? status, msg, RetryAfterOf(proxyResponse));
        return false;
    }

    /// <summary>
    /// Every success of Agora's is its JSON envelope with code 0, a 200: a page that is not JSON (a proxy's or a captive
    /// portal's), no body at all (a 204 too, which Agora never answers), or JSON that is no envelope says nothing was done,
    /// and passed on as a success it would tell the client it was. The headers judge first; then the body's first bytes
    /// (<see cref="SuccessStart"/>), after which the answer streams on.
    /// </summary>
    async ValueTask<bool> PassOnSuccessAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, int status, CancellationToken cancellationToken)
    {
        if (status == StatusCodes.Status204NoContent || !MayBeEnvelope(proxyResponse))
        {
            await GatewayProblems.WriteAsync(httpContext, StatusCodes.Status502BadGateway, "Agora's answer was not its envelope.");
            return false;
        }
        SuccessStart start;
        try
        {
            // A write's start is read to its verdict though its client leaves meanwhile (within Agora's bound), so that the
            // audit trail says whether Agora made the change; a read's is not worth the wait.
            start = await SuccessStart.ReadAsync(proxyResponse, httpContext.Features.Get<AgoraTimeBound>()?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            ClientBody.EndAsLeft(httpContext);
            return false;
        }
        if (start.Refusal is { } refusal)
        {
            AnsweredWithAnotherCode = refusal.AgorasCode;
            AgoraOutcome.Record(httpContext, StatusCodes.Status502BadGateway, refusal.Code);
            await GatewayProblems.WriteAsync(httpContext, StatusCodes.Status502BadGateway, refusal.Detail, refusal.Code);
            return false;
        }
        AgoraOutcome.Record(httpContext, status, Classroom.Agora.Models.AgoraCodes.Success);
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            start.Release();
            ClientBody.EndAsLeft(httpContext);
            return false;
        }
        CopyAnswerHeaders(proxyResponse, httpContext.Response.Headers);
        proxyResponse.Content = start.Replay(proxyResponse.Content);
        return true;
    }

    /// <summary>
    /// Agora's trailers (fields after a chunked body) reach no client, as its headers but those that describe the body do
    /// not: YARP's default passed every one on to a client that takes trailers (HTTP/2).
    /// </summary>
    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse,
        CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Of Agora's answer headers only those that describe the body, and <c>Retry-After</c>, reach the client: the
    /// gateway answers for itself (its CORS, cookies none, its security headers), so Agora's <c>Access-Control-*</c>,
    /// <c>Set-Cookie</c>, <c>Strict-Transport-Security</c> or server banners never speak for it.
    /// </summary>
    static readonly string[] AnswerHeaders = ["Content-Type", "Content-Length", "Content-Encoding", "Retry-After"];

    /// <summary>
    /// A length is not the body's beside Transfer-Encoding, which overrides it and after which a proxy removes it
    /// (RFC 9112 6.3).
    /// </summary>
    internal static bool LengthIsNotTheBodys(HttpResponseMessage answer) => answer.Headers.NonValidated.Contains("Transfer-Encoding");

    static void CopyAnswerHeaders(HttpResponseMessage answer, IHeaderDictionary headers)
    {
        // The client's answer is framed by what the gateway sends.
        var lengthless = LengthIsNotTheBodys(answer);
        foreach (var name in AnswerHeaders)
        {
            if (lengthless && name == "Content-Length")
            {
                continue;
            }
            if (answer.Headers.NonValidated.TryGetValues(name, out var values)
                || answer.Content.Headers.NonValidated.TryGetValues(name, out values))
            {
                headers[name] = values.ToString();
            }
        }
    }

    /// <summary>
    /// Whether an answer's headers allow it to be Agora's envelope: JSON, and not said to be empty. Read as the headers'
    /// text, as they are copied: parsing them would cost every forwarded read objects of its own.
    /// </summary>
    static bool MayBeEnvelope(HttpResponseMessage answer) =>
        answer.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type)
        && type.ToString().Contains("json", StringComparison.OrdinalIgnoreCase)
        && (LengthIsNotTheBodys(answer)
            || !(answer.Content.Headers.NonValidated.TryGetValues("Content-Length", out var length) && length.ToString() == "0"));

    /// <summary>
    /// Agora's <c>Retry-After</c>, as a delay or as a date judged by Agora's own clock; on a 429 without one (a limit on
    /// the app's call frequency), a second, the least <c>Retry-After</c> says, so that every 429 says when to try again.
    /// </summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - (response.Headers.Date ?? DateTimeOffset.UtcNow),
        _ => response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null,
    };

    internal static string UpstreamDetail(int status, string? msg) => msg is null
        ? $"Agora answered {status}."
        : $"Agora answered {status}: {msg}";

    /// <summary>
    /// Reads Agora's three error shapes: <c>{"code","msg"}</c>, <c>{"message"}</c>, or something that is not JSON
    /// (then neither code nor message is taken: raw upstream text is never echoed). A body Agora compressed for the
    /// client (whose <c>Accept-Encoding</c> goes on to it, as a browser's always does) is read decompressed, up to the
    /// same bound. Its message is passed on without any token or the app <paramref name="certificate"/> it echoes. A body
    /// still coming when <paramref name="cancellationToken"/> (Agora's bound) ends is one broken off: only the end of the
    /// <paramref name="caller"/>'s wait, a client that left, is thrown.
    /// </summary>
    internal static async Task<(int? Code, string? Msg)> ReadAgoraError(HttpContent content, string? certificate, CancellationToken cancellationToken,
        CancellationToken caller)
    {
        if (content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
            || content.Headers.ContentLength > MaxErrorBodyBytes)
        {
            return (null, null);
        }
        try
        {
            await using var stream = Decoded(await content.ReadAsStreamAsync(cancellationToken), content.Headers.ContentEncoding);
            if (stream is null || await BoundedRead.ReadAtMostAsync(stream, MaxErrorBodyBytes, cancellationToken) is not { } body)
            {
                return (null, null);
            }
            using var document = JsonDocument.Parse(body, AgoraJson.Documents);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            var msg = root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                : root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString()
                : null;
            return (BusinessCode(root), msg is { Length: <= 512 } ? Redacted(msg, certificate) : null);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException or InvalidDataException
            || (e is OperationCanceledException && !caller.IsCancellationRequested))
        {
            // Not JSON, not in the coding it was said to be, or the upstream broke off or stalled mid-body: the status alone
            // is what is known. Agora refused all the same; taken for silence (a 504), the refusal read as an outcome not known.
            return (null, null);
        }
    }

    /// <summary>
    /// <paramref name="body"/> with its content codings undone, the last applied first (RFC 9110 8.4); null, the body
    /// disposed, for a coding not known.
    /// </summary>
    internal static Stream? Decoded(Stream body, ICollection<string> codings)
    {
        foreach (var coding in codings.Reverse())
        {
            Stream? decoded = coding.ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress),
                "deflate" => new ZLibStream(body, CompressionMode.Decompress),
                "br" => new BrotliStream(body, CompressionMode.Decompress),
                "identity" => body,
                _ => null,
            };
            if (decoded is null)
            {
                body.Dispose();
                return null;
            }
            body = decoded;
        }
        return body;
    }

    /// <summary>The <c>code</c> of an answer's JSON object when it is a whole number, as Agora's business codes are; else null.</summary>
    internal static int? BusinessCode(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
            && code.TryGetInt32(out var value) ? value : null;

    /// <summary>Agora's text without the app certificate (in either case) or any token it echoes.</summary>
    static string Redacted(string text, string? certificate) => AccessToken().Replace(
        string.IsNullOrEmpty(certificate) ? text : text.Replace(certificate, "[certificate]", StringComparison.OrdinalIgnoreCase), "[token]");

    /// <summary>
    /// An AccessToken2 in Agora's text (one that echoes the credential it was sent): no client sees it, whatever comes
    /// before it (<c>token=</c> too) and in whichever form it was written: base64, URL-safe base64, or URL-encoded. So
    /// that one written without its <c>007</c>, or encoded again (base64, hex), is hidden too, so is any run of 60
    /// characters of those alphabets without an <c>=</c> inside it, which no word of Agora's is.
    /// </summary>
    [GeneratedRegex("007(?:[A-Za-z0-9+/=_-]|%[0-9A-Fa-f]{2}){40,}|(?:[A-Za-z0-9+/_-]|%[0-9A-Fa-f]{2}){60,}(?:=|%3[Dd]){0,2}")]
    private static partial Regex AccessToken();
}
