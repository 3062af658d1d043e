namespace Classroom.Agora.Tokens;

/// <summary>A minted education (Flexible Classroom) token and the instants it is valid between.</summary>
public sealed record EducationToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
