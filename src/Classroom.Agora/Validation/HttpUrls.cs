namespace Classroom.Agora.Validation;

public static class HttpUrls
{
    /// <summary>
    /// What <see cref="IsAbsoluteHttp"/> asks of a URL's start, as a JSON Schema pattern beside the document's
    /// <c>format: uri</c> (which any absolute URI meets, <c>mailto:</c> and <c>urn:</c> ones too): http or https, in any case,
    /// then <c>//</c> and a host.
    /// </summary>
    public const string Pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]";

    /// <summary>
    /// Agora fetches these URLs itself, so only absolute http(s) addresses make sense; and the text is what Agora is sent,
    /// so it must be one as it stands: <see cref="Uri"/> would trim white space around it and escape a control character
    /// in it, and judge a URL the text is not.
    /// </summary>
    public static bool IsAbsoluteHttp(string? url) =>
        url is { Length: > 0 } && !char.IsWhiteSpace(url[0]) && !char.IsWhiteSpace(url[^1]) && !url.Any(char.IsControl)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
