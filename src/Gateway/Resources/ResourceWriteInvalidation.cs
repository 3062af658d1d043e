using Gateway.Forwarding;
using Gateway.Identity;

namespace Gateway.Resources;

/// <summary>
/// On a route that changes a room's resources: once Agora has answered, and before the client hears the answer,
/// every instance's cached list of that room is dropped, so the client's next read is a fresh one. Only a call known to
/// have changed nothing keeps the list (<see cref="AgoraTimeBound.ChangedNothing"/>): after a 5xx, a timeout or a client
/// that left while Agora had the call (499) nobody knows whether the change was made.
/// </summary>
public sealed class ResourceWriteInvalidation(ResourceListCache cache) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetRouteValue(RoomMemberRequirement.RouteValue) is string roomUuid)
        {
            InvalidateOnAnswer(http, cache, roomUuid);
        }
        return next(context);
    }

    /// <summary>Drops <paramref name="roomUuid"/>'s list everywhere as the answer starts, unless the call changed nothing.</summary>
    public static void InvalidateOnAnswer(HttpContext http, ResourceListCache cache, string roomUuid) =>
        AgoraTimeBound.OnAnswerStarting(http, () => AgoraTimeBound.ChangedNothing(http)
            ? Task.CompletedTask
            : cache.InvalidateAsync(roomUuid, CancellationToken.None));
}
