using Classroom.Agora.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// Ids travel percent-encoded and may hold <c>%</c>, <c>#</c>, <c>?</c> and spaces. Kestrel decodes every escape but
/// <c>%2F</c>, so <c>a%2Fb</c> and <c>a%252Fb</c> reach routing alike; the ids are therefore decoded once more, from the
/// raw request target, and then held to Agora's id rule. AGORA.md has an id's <c>;</c> sent escaped, as every character
/// of a segment that needs it, and says nothing of a raw one: the emulator reads it as a server that takes path parameters
/// does (a servlet container, Spring), the start of the segment's parameters, dropped, so an unescaped <c>r1;x</c> names
/// the room <c>r1</c> here too, and a client that forgets the escape reaches another room in its tests, as it would there.
/// </summary>
static class RawPathIds
{
    public static readonly string[] Names = ["roomUuid", "userUuid", "resourceUuid", "widgetUuid"];

    /// <summary>Runs after routing chose an endpoint and before it binds its parameters.</summary>
    public static IApplicationBuilder UseRawPathIds(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            RestoreIds(context, endpoint.RoutePattern);
        }
        return next(context);
    });

    static void RestoreIds(HttpContext context, RoutePattern pattern)
    {
        var rawSegments = RoutedSegments(RawPath(context));
        if (rawSegments.Count != pattern.PathSegments.Count)
        {
            // The raw target does not spell out the path routing matched, so no id can be read from it. Kestrel's decoding
            // would take a%2Fb for the id a%2Fb; "" is refused (400) once the token is checked, where null fails binding first.
            foreach (var parameter in pattern.Parameters.Where(p => Names.Contains(p.Name)))
            {
                context.Request.RouteValues[parameter.Name] = "";
            }
            return;
        }
        for (var i = 0; i < rawSegments.Count; i++)
        {
            if (pattern.PathSegments[i].Parts is [RoutePatternParameterPart { Name: var name }] && Names.Contains(name))
            {
                // "" for an escape that decodes to no text (refused as "" is, above).
                context.Request.RouteValues[name] = PercentEncoding.Decode(PathParameters.Drop(rawSegments[i])) ?? "";
            }
        }
    }

    /// <summary>
    /// The raw path's segments, still percent-encoded, as routing saw the path: Kestrel resolves dot segments (RFC 3986
    /// §5.2.4; <c>%2E</c> is a dot, as it decodes before resolving), so <c>/v2/./rooms/a%2Fb</c> reaches the same room
    /// as <c>/v2/rooms/a%2Fb</c>; and routing ignores one trailing slash. A segment that is a dot segment once its
    /// parameters are dropped (<c>..;x</c>) is one to a server that drops them, which then reads another path than
    /// routing read: no id can be read from it.
    /// </summary>
    static List<string> RoutedSegments(string rawPath)
    {
        var segments = rawPath.Split('/');
        var routed = new List<string>(segments.Length);
        for (var i = 1; i < segments.Length; i++)
        {
            var decoded = Uri.UnescapeDataString(PathParameters.Drop(segments[i]));
            if (decoded is ".." && routed.Count > 0)
            {
                routed.RemoveAt(routed.Count - 1);
            }
            if (decoded is not ("." or ".."))
            {
                routed.Add(segments[i]);
            }
            else if (i == segments.Length - 1)
            {
                routed.Add(""); // "/a/." and "/a/b/.." resolve to "/a/"
            }
        }
        if (routed is [.., ""])
        {
            routed.RemoveAt(routed.Count - 1);
        }
        return routed;
    }

    public static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return (context.Request.PathBase + context.Request.Path).ToUriComponent();
        }
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    /// <summary>The endpoint filter that answers 400 for an id outside Agora's rule; it runs after authentication.</summary>
    public static ValueTask<object?> ValidateIds(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var name in Names)
        {
            if (context.HttpContext.Request.RouteValues.TryGetValue(name, out var value) && !AgoraIds.IsValid(value as string))
            {
                var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                Outcome<NoData> failure = AgoraFailure.InvalidId(name);
                return ValueTask.FromResult<object?>(failure.ToResult(time));
            }
        }
        return next(context);
    }
}
