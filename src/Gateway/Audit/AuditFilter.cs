namespace Gateway.Audit;

/// <summary>What a reader of the trail asks for: one room, one user (as actor or as target), or everything.</summary>
public sealed record AuditFilter(string? RoomUuid, string? UserId)
{
    public bool Matches(AuditEntry entry) =>
        (RoomUuid is null || entry.RoomUuid == RoomUuid) && (UserId is null || entry.Actor == UserId || entry.Target == UserId);
}
