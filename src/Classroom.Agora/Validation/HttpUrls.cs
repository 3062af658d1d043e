namespace Classroom.Agora.Validation;

static class HttpUrls
{
    /// <summary>
    /// Agora fetches these URLs itself, so only absolute http(s) addresses make sense; and the text is what Agora is sent,
    /// so it must be one as it stands: <see cref="Uri"/> would trim white space around it and escape a control character
    /// in it, and judge a URL the text is not.
    /// </summary>
    public static bool IsAbsoluteHttp(string? url) =>
        url is { Length: > 0 } && !char.IsWhiteSpace(url[0]) && !char.IsWhiteSpace(url[^1]) && !url.Any(char.IsControl)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
