using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>
/// Judges roles by the caller's role set, read once per sign-in, where <c>RequireRole</c> would search the principal's
/// claims for every role on every request.
/// </summary>
public sealed class CallerRoleHandler(IOptions<Configuration.AuthOptions> auth) : AuthorizationHandler<CallerRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && Caller.Of(context, auth.Value).Roles.Overlaps(requirement.Roles))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
