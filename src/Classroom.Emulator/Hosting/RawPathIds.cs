using Classroom.Agora.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// Ids travel percent-encoded and may hold <c>%</c>, <c>#</c>, <c>?</c> and spaces. Kestrel decodes every escape but
/// <c>%2F</c>, so <c>a%2Fb</c> and <c>a%252Fb</c> reach routing alike; the ids are therefore decoded once more, from the
/// raw request target, and then held to Agora's id rule.
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
        var segments = RawPath(context).Split('/');
        // The raw path starts with '/', and may end with one that routing ignored.
        var rawSegments = segments.AsSpan(1, segments.Length - (segments[^1].Length == 0 && segments.Length > 1 ? 2 : 1));
        if (rawSegments.Length != pattern.PathSegments.Count)
        {
            return;
        }
        for (var i = 0; i < rawSegments.Length; i++)
        {
            if (pattern.PathSegments[i].Parts is [RoutePatternParameterPart { Name: var name }] && Names.Contains(name))
            {
                context.Request.RouteValues[name] = Uri.UnescapeDataString(rawSegments[i]);
            }
        }
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
