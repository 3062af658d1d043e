using Classroom.Agora.Validation;
using Gateway.Problems;

namespace Gateway.Forwarding;

/// <summary>Every <c>{…Uuid}</c> route value must be an Agora id; checked once for the whole route group.</summary>
public sealed class AgoraIdsFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var (key, value) in context.HttpContext.Request.RouteValues)
        {
            if (key.EndsWith("Uuid", StringComparison.Ordinal) && !IsRouteId(value as string))
            {
                (errors ??= [])[key] = [AgoraIds.Rule];
            }
        }
        return errors is null ? await next(context) : GatewayProblems.Invalid(errors);
    }

    /// <summary>
    /// An id a route can name. The server leaves an encoded slash encoded in route values, so an id holding the text
    /// <c>%2F</c> cannot be told from one holding a slash, which no id may: both are refused. Nor can a route name
    /// <c>.</c> or <c>..</c>: the server takes a path's dot segments out, encoded (<c>%2E</c>) too, before routing, so
    /// <c>…/users/%2E%2E/properties</c> is the room's properties.
    /// </summary>
    public static bool IsRouteId([NotNullWhen(true)] string? id) =>
        AgoraIds.IsValid(id) && !id.Contains("%2F", StringComparison.OrdinalIgnoreCase) && id is not ("." or "..");

    /// <summary>
    /// An id that can be an Agora uid: one the routes can name, and one that reaches Agora whole in <c>x-agora-uid</c>,
    /// which HTTP strips of leading and trailing spaces: a uid <c>" t1"</c> would arrive as <c>t1</c>, whose token it
    /// does not hold. Sign-in refuses a user id by this rule, and the gateway's own uid must keep it.
    /// </summary>
    public static bool IsUid([NotNullWhen(true)] string? id) => IsRouteId(id) && id[0] != ' ' && id[^1] != ' ';
}
