namespace Gateway.Events;

/// <summary>What a stream ticket stands for: one caller, one room, until the sign-in it was issued under expires.</summary>
public sealed record StreamTicketGrant(string UserId, IReadOnlyList<string> Roles, string RoomUuid, DateTimeOffset SignInExpiresAt);
