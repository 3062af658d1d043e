using Classroom.Agora.Validation;
using Gateway.Problems;

namespace Gateway.Forwarding;

/// <summary>Every <c>{…Uuid}</c> route value must be an Agora id; checked once for the whole route group.</summary>
public sealed class AgoraIdsFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = context.HttpContext.Request.RouteValues
            .Where(v => v.Key.EndsWith("Uuid", StringComparison.Ordinal) && !AgoraIds.IsValid(v.Value as string))
            .ToDictionary(v => v.Key, _ => new[] { AgoraIds.Rule });
        if (errors.Count > 0)
        {
            return TypedResults.Problem(GatewayProblems.CreateValidation(errors));
        }
        return await next(context);
    }
}
