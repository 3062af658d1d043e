using Classroom.Agora.Validation;
using Gateway.Forwarding;
using Gateway.Identity;

namespace Gateway.Launch;

/// <summary>
/// On the kick route: once Agora has accepted a dirty kick (<c>dirty.state</c> 1), the gateway remembers the ban — for
/// <c>dirty.duration</c> seconds, or, without one, for good (<see cref="RoomRules.MaxDirtyDurationSeconds"/>) — so that
/// the join refuses the user as Agora's entry would.
/// </summary>
public sealed class DirtyKickMemory(KickedUsers kicked, TimeProvider time) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (context.Arguments.OfType<AgoraBody<KickRequest>>().FirstOrDefault()?.Value?.Dirty is { State: DirtyState.Dirty } dirty
            && (dirty.Duration ?? RoomRules.MaxDirtyDurationSeconds) is > 0 and var seconds
            && http.GetRouteValue(RoomMemberRequirement.RouteValue) is string roomUuid && http.GetRouteValue("userUuid") is string userUuid)
        {
            AgoraTimeBound.OnAnswerStarting(http, () => http.Response.StatusCode == StatusCodes.Status200OK
                ? kicked.RememberAsync(roomUuid, userUuid, time.GetUtcNow().AddSeconds(seconds))
                : Task.CompletedTask);
        }
        return next(context);
    }
}
