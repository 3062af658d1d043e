using Gateway.Configuration;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>
/// Judges every <see cref="ICallerRequirement"/> of a policy by the request's caller, read once per sign-in. One handler
/// for all of them, walking the policy's requirements by index: a handler per requirement type would search the
/// requirements for its own type on every request, each search an iterator and an enumerator.
/// </summary>
public sealed class CallerRequirementsHandler(IOptions<AuthOptions> auth) : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }
        var request = context.Resource as HttpContext;
        var requirements = context.Requirements as IReadOnlyList<IAuthorizationRequirement> ?? [.. context.Requirements];
        Caller? caller = null;
        for (var i = 0; i < requirements.Count; i++)
        {
            if (requirements[i] is not ICallerRequirement requirement)
            {
                continue;
            }
            caller ??= Caller.Of(context, auth.Value);
            if (requirement.IsMetBy(caller, request, out var refusal))
            {
                context.Succeed(requirement);
            }
            else if (refusal is not null)
            {
                context.Fail(new AuthorizationFailureReason(this, refusal));
            }
        }
        return Task.CompletedTask;
    }
}
