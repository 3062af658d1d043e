using Gateway.Passthrough;

namespace Gateway.Audit;

/// <summary>What a reader of the trail asks for: one room, one user (as actor or as target), or everything.</summary>
public sealed record AuditFilter(string? RoomUuid, string? UserId)
{
    public bool Matches(AuditEntry entry) => Matches(entry.RoomUuid, entry.Actor, entry.Target, entry.TargetKind);

    public bool Matches(string? roomUuid, string actor, string? target, string? targetKind) =>
        (RoomUuid is null || roomUuid == RoomUuid)
        && (UserId is null || actor == UserId || (target is not null && TargetIsUser(target, targetKind)));

    /// <summary>
    /// A target is the user when it is a user, or a passthrough call whose path acts on the user (<c>…/users/{userUuid}…</c>),
    /// as the same call through the gateway's own route is: a resource or widget may share the user's id, in a call's path too.
    /// </summary>
    bool TargetIsUser(string target, string? targetKind) => targetKind switch
    {
        AuditTarget.Kinds.User or null => target == UserId,
        AuditTarget.Kinds.Call => PassthroughPathNames.Of(AuditTarget.PathOfCall(target)).User == UserId,
        _ => false,
    };
}
