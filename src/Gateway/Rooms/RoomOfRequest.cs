using Gateway.Identity;
using Gateway.Passthrough;

namespace Gateway.Rooms;

/// <summary>
/// The room a request is about: its route's <c>{roomUuid}</c>, or the room a passthrough path names. A request routing
/// refused for its method (a 405) reached no route and has no route values: the room its path names, under the API's
/// rooms (<c>/api/v1/rooms/{roomUuid}/…</c>) or the passthrough's.
/// </summary>
public static class RoomOfRequest
{
    public static string? Find(HttpContext context) =>
        context.GetRouteValue(RoomMemberRequirement.RouteValue) as string ?? context.GetEndpoint() switch
        {
            RouteEndpoint { RoutePattern.RawText: PassthroughEndpoints.Pattern } => PassthroughPathNames.Of(context).Room,
            RouteEndpoint or null => null,
            _ when context.Request.Path.StartsWithSegments("/edu", StringComparison.OrdinalIgnoreCase) => PassthroughPathNames.Of(context).Room,
            _ when context.Request.Path.StartsWithSegments("/api/v1/rooms", StringComparison.OrdinalIgnoreCase, out var rest)
                && rest.Value?.Split('/') is ["", { Length: > 0 } room, ..] => room,
            _ => null,
        };
}
