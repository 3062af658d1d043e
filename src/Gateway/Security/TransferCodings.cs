using Microsoft.Extensions.Primitives;

namespace Gateway.Security;

/// <summary>
/// A body's transfer codings (RFC 9112 §6.1). Kestrel takes the chunking off a body and refuses one whose final coding is
/// not chunked, but hands on a body with any coding listed before that (<c>gzip, chunked</c>, or <c>gzip</c> and
/// <c>chunked</c> on two lines) still in it: read as malformed JSON, or forwarded as if it were plain. The gateway decodes
/// no other coding, so it answers 501 as RFC 9112 has a server answer a coding it does not understand, and the chunking
/// applied twice too, which Kestrel takes off once (<see cref="RequestLimits.UseDeclaredBodyChecks"/>).
/// </summary>
public static class TransferCodings
{
    public const string NotChunkedAlone = "The request's Transfer-Encoding names a coding the gateway does not decode: send the body "
        + "with Transfer-Encoding: chunked alone, or with a Content-Length.";

    /// <summary>Every coding the header's lines list, in order, is <c>chunked</c> once or none at all.</summary>
    public static bool AreNoneOrChunkedAlone(StringValues lines)
    {
        if (lines.Count == 0)
        {
            return true;
        }
        var codings = lines.SelectMany(line => (line ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return codings is [var only] && only.Equals("chunked", StringComparison.OrdinalIgnoreCase);
    }
}
