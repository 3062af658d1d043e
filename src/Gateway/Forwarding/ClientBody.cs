using Gateway.Problems;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Forwarding;

/// <summary>
/// The client's request body, and what a failure to read it means. Kestrel refuses a body it cannot read with a
/// <see cref="BadHttpRequestException"/> (too large: 413; malformed: 400), but not every malformed body: a chunk size too
/// large for a number fails as a plain <see cref="IOException"/>. Any failure of a client still there is its own framing,
/// so a 400 like Kestrel's; a client gone (a reset, an abort) is left as it is, for no one to answer.
/// </summary>
public static class ClientBody
{
    public const string Unreadable = "The request body could not be read.";
    public const string TooLarge = "The request body is too large.";
    public const string NotJson = "The request body must be JSON, sent as application/json.";

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

    /// <summary>A reset can fail the read before the request's abort is signalled.</summary>
    static bool IsGone(IOException failure, HttpContext context) =>
        failure is ConnectionResetException || context.RequestAborted.IsCancellationRequested;
}
