using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Passthrough;

/// <summary>
/// The passthrough's path, read once and judged as it will be forwarded. Generated clients and Swagger UI encode the
/// slashes of the one <c>{path}</c> parameter, so an encoded slash (<c>%2F</c>, any case) in the request as written is a
/// slash; only the raw target tells it from <c>%252F</c> (the decoded path has both as <c>%2F</c>), so without one nothing
/// is taken as a slash. On that path the passthrough refuses an encoded backslash or a backslash, a <c>.</c> or <c>..</c>
/// segment (encoded or not, alone or before a <c>;</c>) and an empty segment: each would make the path Agora receives,
/// or how a proxy on the way reads it, differ from the path the gateway checked. A <c>#</c>, which the server keeps as text of the path (and which
/// an id may hold), is written encoded: as it came, the URL Agora is sent would end there, at a fragment, and
/// <c>…/widgets/w#1</c> would reach widget <c>w</c>.
/// </summary>
public static class PassthroughPath
{
    public static string Of(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return raw is ['/', ..]
            ? raw.Split('?', 2)[0].Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Replace("#", "%23", StringComparison.Ordinal)
            : context.Request.Path.ToUriComponent();
    }

    public static string? Refusal(string path)
    {
        if (path.Contains("%5C", StringComparison.OrdinalIgnoreCase) || path.Contains('\\', StringComparison.Ordinal))
        {
            return "The path may not hold an encoded backslash or a backslash.";
        }
        foreach (var segment in path.Split('/').Skip(1))
        {
            if (segment.Length == 0)
            {
                return "The path may not hold an empty segment.";
            }
            // A server that reads path parameters (Tomcat, Spring) drops what follows a ';' before it resolves dot
            // segments: to it "..;x" is "..", which would climb out of the app id the gateway checked.
            var name = segment.IndexOf(';') is >= 0 and var parameters ? segment[..parameters] : segment;
            if (Uri.UnescapeDataString(name) is "." or "..")
            {
                return "The path may not hold a . or .. segment, alone or before a ';'.";
            }
        }
        return null;
    }
}
