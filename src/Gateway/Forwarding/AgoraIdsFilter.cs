using Classroom.Agora.Validation;
using Gateway.Problems;

namespace Gateway.Forwarding;

/// <summary>Every <c>{…Uuid}</c> route value must be an Agora id; checked once for the whole route group.</summary>
public sealed class AgoraIdsFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = context.HttpContext.Request.RouteValues
            .Where(v => v.Key.EndsWith("Uuid", StringComparison.Ordinal) && !IsRouteId(v.Value as string))
            .ToDictionary(v => v.Key, _ => new[] { AgoraIds.Rule });
        if (errors.Count > 0)
        {
            return TypedResults.Problem(GatewayProblems.CreateValidation(errors));
        }
        return await next(context);
    }

    /// <summary>
    /// The server leaves an encoded slash encoded in route values, so an id holding the text <c>%2F</c> cannot be
    /// told from one holding a slash, which no id may: both are refused.
    /// </summary>
    static bool IsRouteId(string? id) => AgoraIds.IsValid(id) && !id.Contains("%2F", StringComparison.OrdinalIgnoreCase);
}
