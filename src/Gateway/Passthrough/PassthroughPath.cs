using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Passthrough;

/// <summary>
/// What the passthrough refuses to forward, judged on the path as the client sent it (the server has by then decoded
/// it and resolved dot segments): an encoded slash or backslash (<c>%2F</c>, <c>%5C</c>, any case), a backslash, a
/// <c>.</c> or <c>..</c> segment (encoded or not), or an empty segment. Each would make the path Agora receives, or how a
/// proxy on the way reads it, differ from the path the gateway checked.
/// </summary>
public static class PassthroughPath
{
    public static string? Refusal(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent();
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? raw : raw[..query];
        if (path.Contains("%2F", StringComparison.OrdinalIgnoreCase) || path.Contains("%5C", StringComparison.OrdinalIgnoreCase)
            || path.Contains('\\', StringComparison.Ordinal))
        {
            return "The path may not hold an encoded slash or a backslash.";
        }
        foreach (var segment in path.Split('/').Skip(1))
        {
            if (segment.Length == 0)
            {
                return "The path may not hold an empty segment.";
            }
            if (Uri.UnescapeDataString(segment) is "." or "..")
            {
                return "The path may not hold a . or .. segment.";
            }
        }
        return null;
    }
}
