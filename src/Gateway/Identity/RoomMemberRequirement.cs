using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>The route's <c>{roomUuid}</c>, when it has one, must be among the caller's rooms.</summary>
public sealed class RoomMemberRequirement : IAuthorizationRequirement
{
    public const string RouteValue = "roomUuid";
}
