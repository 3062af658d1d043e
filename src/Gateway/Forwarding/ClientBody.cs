using System.Text.Json;
using Gateway.Problems;
using Microsoft.AspNetCore.Connections;
using Microsoft.Net.Http.Headers;

namespace Gateway.Forwarding;

/// <summary>
/// The client's request body, and what a failure to read it means. Kestrel refuses a body it cannot read with a
/// <see cref="BadHttpRequestException"/> (too large: 413; malformed: 400), but not every malformed body: a chunk size too
/// large for a number fails as a plain <see cref="IOException"/>. Any failure of a client still there is its own framing,
/// so a 400 like Kestrel's; a client gone (a reset, a FIN midway, an abort) is left as it is, for no one to answer.
/// </summary>
public static class ClientBody
{
    public const string Unreadable = "The request body could not be read.";
    public const string TooLarge = "The request body is too large.";
    public const string NotJson = "The request body must be JSON, sent as application/json in UTF-8.";
    public const string Coded = "The request body must be sent as it is, without a content coding (Content-Encoding).";

    /// <summary>
    /// All of a JSON body: refused as <see cref="ReadAsync"/> refuses, and with 415 when its media type is another or it
    /// comes in a content coding (RFC 9110 §15.5.16), which the gateway does not decode: not read, and answered with
    /// <c>Accept-Encoding: identity</c>, where a compressed body was refused as malformed JSON. A media type the headers
    /// already refuse (one named, or none for a body declared non-empty) is refused before the body is read too, so a
    /// client that asks first (<c>Expect: 100-continue</c>) is not asked for it; only a body without a type and without a
    /// declared length is read to learn whether it is empty.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadJsonAsync(HttpContext context, int limit)
    {
        foreach (var coding in context.Request.Headers.ContentEncoding)
        {
            if (!string.IsNullOrWhiteSpace(coding) && !coding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                throw new ClientRefusal(Coded, StatusCodes.Status415UnsupportedMediaType) { Header = (HeaderNames.AcceptEncoding, "identity") };
            }
        }
        if ((context.Request.ContentType is not null || context.Request.ContentLength > 0) && !IsJson(context.Request.ContentType, empty: false))
        {
            throw new ClientRefusal(NotJson, StatusCodes.Status415UnsupportedMediaType);
        }
        var bytes = await ReadAsync(context, limit);
        // A named type was judged above; without one, only an empty body is no other media type's.
        return context.Request.ContentType is not null || bytes.IsEmpty
            ? bytes
            : throw new ClientRefusal(NotJson, StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>
    /// A body is JSON by its <c>Content-Type</c>; an empty one may have none. Checked here, once the caller is signed in
    /// and allowed, not by routing: routing would answer a stranger's request 415 before its 401 or 403, and the audit
    /// trail would not know the route. JSON is UTF-8 (RFC 8259 §8.1) and the body is checked as UTF-8, so a type naming
    /// another charset is refused: Agora, sent that type, would read other text than the gateway checked.
    /// </summary>
    public static bool IsJson(string? contentType, bool empty) => contentType is null
        ? empty
        : MediaTypeHeaderValue.TryParse(contentType, out var type)
            && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && NamesUtf8OrNoCharset(type);

    /// <summary>
    /// A charset named once, as UTF-8, or none. Named twice, it is the first to some readers (the gateway's) and the last
    /// to others; named without a value, it is none, or a malformed type.
    /// </summary>
    static bool NamesUtf8OrNoCharset(MediaTypeHeaderValue type)
    {
        NameValueHeaderValue? named = null;
        foreach (var parameter in type.Parameters)
        {
            if (parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                if (named is not null)
                {
                    return false;
                }
                named = parameter;
            }
        }
        return named is null || HeaderUtilities.RemoveQuotes(named.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>All of the body, refused when it is over <paramref name="limit"/> bytes or could not be read.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, int limit)
    {
        try
        {
            return await BoundedRead.ReadAtMostAsync(context.Request.Body, limit, context.RequestAborted)
                ?? throw new ClientRefusal(TooLarge, StatusCodes.Status413PayloadTooLarge);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !IsGone(e, context))
        {
            throw new ClientRefusal(Unreadable, StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>The refusal a failure to read the body amounts to, wherever it was wrapped (YARP wraps it); null if none.</summary>
    public static BadHttpRequestException? RefusalIn(Exception? failure) => failure switch
    {
        BadHttpRequestException bad => bad,
        AggregateException many => many.InnerExceptions.Select(RefusalIn).FirstOrDefault(b => b is not null),
        { InnerException: { } inner } => RefusalIn(inner),
        _ => null,
    };

    /// <summary>
    /// The detail of a problem answering <paramref name="refusal"/>: the gateway's own words, or for Kestrel's refusals,
    /// which the client's body failed.
    /// </summary>
    public static string DetailOf(BadHttpRequestException refusal) => refusal switch
    {
        ClientRefusal own => own.Message,
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge,
        _ => Unreadable,
    };

    /// <summary>
    /// Whether <paramref name="failure"/>, wherever it was wrapped, says the client left while its body was read: a reset,
    /// or the end of its side of the connection before the body's declared end (a FIN), after which Kestrel closes the
    /// connection without an answer. Either can fail the read before the request's abort is signalled. Kestrel keeps the
    /// reason of its refusals internal; its text for this one is matched.
    /// </summary>
    public static bool ClientLeft(Exception? failure) => failure switch
    {
        ConnectionResetException => true,
        ClientRefusal => false,
        BadHttpRequestException bad => bad.Message == UnexpectedEnd,
        AggregateException many => many.InnerExceptions.Any(ClientLeft),
        { InnerException: { } inner } => ClientLeft(inner),
        _ => false,
    };

    const string UnexpectedEnd = "Unexpected end of request content.";

    /// <summary>
    /// Ends a request whose client left: recorded as one the client closed (499), and its connection aborted, which
    /// Kestrel would otherwise keep alive and try to drain the rest of the body from, logging that as an error.
    /// </summary>
    public static void EndAsLeft(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        context.Abort();
    }

    static bool IsGone(Exception failure, HttpContext context) =>
        ClientLeft(failure) || context.RequestAborted.IsCancellationRequested;
}
