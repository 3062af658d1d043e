namespace Classroom.Agora.Tokens;

/// <summary>A minted RTM token and the instants it is valid between.</summary>
public sealed record RtmToken(string Token, string UserId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
