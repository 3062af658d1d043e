using Gateway.Identity;
using Gateway.Passthrough;

namespace Gateway.Rooms;

/// <summary>The room a request is about: its route's <c>{roomUuid}</c>, or the room a passthrough path names.</summary>
public static class RoomOfRequest
{
    public static string? Find(HttpContext context) =>
        context.GetRouteValue(RoomMemberRequirement.RouteValue) as string
        ?? (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: PassthroughEndpoints.Pattern } ? PassthroughRoom.Find(context) : null);
}
