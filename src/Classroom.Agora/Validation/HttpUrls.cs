namespace Classroom.Agora.Validation;

static class HttpUrls
{
    /// <summary>Agora fetches these URLs itself, so only absolute http(s) addresses make sense.</summary>
    public static bool IsAbsoluteHttp(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
