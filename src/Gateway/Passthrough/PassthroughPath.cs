using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Passthrough;

/// <summary>
/// The passthrough's path, read once and judged as it will be forwarded. Generated clients and Swagger UI encode the
/// slashes of the one <c>{path}</c> parameter, so an encoded slash (<c>%2F</c>, any case) in the request as written is a
/// slash; only the raw target tells it from <c>%252F</c> (the decoded path has both as <c>%2F</c>), so without one nothing
/// is taken as a slash. On that path the passthrough refuses an encoded backslash or a backslash, a raw <c>;</c>, a
/// <c>.</c> or <c>..</c> segment (encoded or not) and an empty segment: each would make the path Agora receives, or how a
/// proxy on the way reads it, differ from the path the gateway checked. A <c>#</c>, which the server keeps as text of the path (and which
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
        // A server that reads path parameters (Tomcat, Spring) drops a raw ';' and what follows it in its segment: to it
        // "r1;x" is room r1 and "..;x" is "..", while the gateway would have cached, audited and checked r1;x. An id's
        // ';' is sent escaped, as every segment of Agora's API is, and reaches Agora as %3B.
        if (path.Contains(';', StringComparison.Ordinal))
        {
            return "The path may not hold a raw ';': send one in an id escaped, as %3B.";
        }
        foreach (var segment in path.Split('/').Skip(1))
        {
            if (segment.Length == 0)
            {
                return "The path may not hold an empty segment.";
            }
            if (Forwarding.RequestTargetFilter.IsDotSegment(segment))
            {
                return "The path may not hold a . or .. segment.";
            }
        }
        return null;
    }
}
