using System.Reflection;
using Classroom.Agora.Validation;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Forwarding;

/// <summary>
/// The request target the API's routes and the passthrough read: its escapes must decode to UTF-8 (the passthrough's,
/// sent on as they came, reached Agora rewritten, <c>%zz</c> as <c>%25zz</c>), and each query parameter a route reads
/// must be given once. ASP.NET Core is lenient with both: it keeps a bad escape as text, so <c>r%FF</c> would name the
/// room that <c>r%25FF</c> spells, and it joins a repeated parameter's values with commas, so <c>nextId=1&amp;nextId=2</c>
/// would reach Agora as <c>nextId=1,2</c>, a value no one sent, and <c>roomUuid=r1&amp;roomUuid=r1</c> would filter on
/// <c>r1,r1</c>, which may be an id. A parameter given empty (<c>?after=&amp;limit=</c>, as CONTRACT.md writes the
/// routes and as a client fills a template) is as one not given, on every route alike. The path may hold no dot segment
/// (<c>.</c>, <c>..</c>, escaped or not): the server resolves them before routing, so <c>…/rooms/%2E/join</c> would reach
/// the route of <c>…/rooms/join</c>, and <c>…/users/%2E%2E/properties</c> set the room's properties, not a user's.
/// </summary>
public static class RequestTargetFilter
{
    public const string EscapeRule = "must be percent-encoded UTF-8: every % starts an escape of two hex digits";
    public const string OnceRule = "must be given once";
    public const string DotSegmentRule = "may not hold a . or .. segment, escaped or not: the server resolves it before routing";

    public static TBuilder RequireSoundTarget<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create).WithMetadata(SoundTarget.Instance);

    /// <summary>Marks a route whose request target is checked: it may answer 400 whatever parameters it takes.</summary>
    public sealed class SoundTarget
    {
        public static readonly SoundTarget Instance = new();

        SoundTarget() { }
    }

    static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        string[] queried = [.. parameters
            .Select(parameter => parameter.GetCustomAttribute<FromQueryAttribute>() is { } query ? query.Name ?? parameter.Name : null)
            .OfType<string>()];
        int[] texts = [.. parameters.Index()
            .Where(p => p.Item.GetCustomAttribute<FromQueryAttribute>() is not null && p.Item.ParameterType == typeof(string))
            .Select(p => p.Index)];
        return invocation =>
        {
            if (Errors(invocation.HttpContext, queried) is { } errors)
            {
                return ValueTask.FromResult<object?>(GatewayProblems.Invalid(errors));
            }
            foreach (var index in texts)
            {
                if (invocation.Arguments[index] is "")
                {
                    invocation.Arguments[index] = null;
                }
            }
            return next(invocation);
        };
    }

    static Dictionary<string, string[]>? Errors(HttpContext context, string[] queried)
    {
        Dictionary<string, string[]>? errors = null;
        var target = (context.Features.Get<IHttpRequestFeature>()?.RawTarget).AsSpan();
        var query = target.IndexOf('?');
        var path = query < 0 ? target : target[..query];
        if (target.Contains('%'))
        {
            if (PercentEncoding.Decode(path) is null)
            {
                (errors ??= [])["path"] = [EscapeRule];
            }
            if (query >= 0 && PercentEncoding.Decode(target[(query + 1)..]) is null)
            {
                (errors ??= [])["query"] = [EscapeRule];
            }
        }
        if (errors?.ContainsKey("path") is not true && HasDotSegment(path))
        {
            (errors ??= [])["path"] = [DotSegmentRule];
        }
        foreach (var name in queried)
        {
            if (context.Request.Query[name].Count > 1)
            {
                (errors ??= [])[name] = [OnceRule];
            }
        }
        return errors;
    }

    static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (IsDotSegment(path[segment]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether a path's segment, as written, is <c>.</c> or <c>..</c> once its escapes are decoded (<c>%2E</c>, <c>.%2e</c>).</summary>
    public static bool IsDotSegment(ReadOnlySpan<char> segment) =>
        segment.Length is >= 1 and <= 6 && segment[0] is '.' or '%' && Uri.UnescapeDataString(segment) is "." or "..";
}
