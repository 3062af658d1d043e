using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>Judges <see cref="RoomMemberRequirement"/> by the caller's rooms, read once per sign-in.</summary>
public sealed class RoomMemberHandler(IOptions<Configuration.AuthOptions> auth) : AuthorizationHandler<RoomMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoomMemberRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }
        if (context.Resource is not HttpContext request || request.GetRouteValue(RoomMemberRequirement.RouteValue) is not string room)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        if (Caller.Of(context, auth.Value).IsMemberOf(room))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "The caller is not a member of this room."));
        }
        return Task.CompletedTask;
    }
}
