namespace Gateway.Audit;

/// <summary>What a reader of the trail asks for: one room, one user (as actor or as target), or everything.</summary>
public sealed record AuditFilter(string? RoomUuid, string? UserId)
{
    public bool Matches(AuditEntry entry) => Matches(entry.RoomUuid, entry.Actor, entry.Target, entry.TargetKind);

    /// <summary>A target matches the user only when it is a user: a resource or widget may share the user's id.</summary>
    public bool Matches(string? roomUuid, string actor, string? target, string? targetKind) =>
        (RoomUuid is null || roomUuid == RoomUuid)
        && (UserId is null || actor == UserId || (target == UserId && targetKind is AuditTarget.Kinds.User or null));
}
