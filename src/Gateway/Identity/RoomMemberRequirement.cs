namespace Gateway.Identity;

/// <summary>The route's <c>{roomUuid}</c>, when it has one, must be among the caller's rooms; a room not theirs is refused.</summary>
public sealed class RoomMemberRequirement : ICallerRequirement
{
    public const string RouteValue = "roomUuid";

    public bool IsMetBy(Caller caller, HttpContext? request, out string? refusal)
    {
        refusal = null;
        if (request?.GetRouteValue(RouteValue) is not string room || caller.IsMemberOf(room))
        {
            return true;
        }
        refusal = "The caller is not a member of this room.";
        return false;
    }
}
