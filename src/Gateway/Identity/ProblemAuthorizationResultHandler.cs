using Gateway.Problems;
using Gateway.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Gateway.Identity;

/// <summary>A refusal is a 403 problem that says which rule refused; a missing sign-in goes to the bearer challenge.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        var detail = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message
            ?? "The caller's role does not allow this.";
        return CountedByItsEndpointAttribute.Counts(context) ? CountedRefusalAsync(context, detail) : GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, detail);
    }

    /// <summary>A refusal of a request its endpoint would have counted, counted here as the middleware counts every other route's.</summary>
    static async Task CountedRefusalAsync(HttpContext context, string detail)
    {
        if (await CountedByItsEndpointAttribute.RefusalAsync(context) is { } tooMany)
        {
            await tooMany.ExecuteAsync(context);
            return;
        }
        await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, detail);
    }
}
