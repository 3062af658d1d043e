using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>Judges <see cref="UserOrRoleRequirement"/> by the caller's user id and role set, read once per sign-in.</summary>
public sealed class UserOrRoleHandler(IOptions<Configuration.AuthOptions> auth) : AuthorizationHandler<UserOrRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UserOrRoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true || context.Resource is not HttpContext request)
        {
            return Task.CompletedTask;
        }
        var caller = Caller.Of(context, auth.Value);
        if (caller.Roles.Overlaps(requirement.Roles) || (requirement.UserOf(request) is { } user && string.Equals(caller.UserId, user, StringComparison.Ordinal)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
