using Gateway.Identity;
using Gateway.Telemetry;

namespace Gateway.Launch;

/// <summary>
/// A user kicked out of a room dirty is refused every route of the room while the ban runs, as Agora refuses its entry
/// (<see cref="KickedUsers.RefusalAsync"/>): the join, the live events and their ticket, and the reads too (the room's
/// details, its resources), which would hand a user kept out of the class what the class shows. Checked once for the
/// whole route group, after the ids.
/// </summary>
public sealed class KickedCallerFilter(KickedUsers kicked) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext;
        var uid = Caller.Of(request).UserId;
        return request.Request.RouteValues["roomUuid"] is string roomUuid
            && await kicked.RefusalAsync(roomUuid, uid, uid, request.RequestId(), request.RequestAborted) is { } banned
            ? banned
            : await next(context);
    }
}
