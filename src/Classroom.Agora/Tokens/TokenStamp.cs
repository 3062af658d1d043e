namespace Classroom.Agora.Tokens;

/// <summary>What a builder stamps on a token: the issue second, the salt and the lifetime.</summary>
internal readonly record struct TokenStamp(uint IssueTs, uint Salt, uint ExpireSeconds)
{
    public DateTimeOffset IssuedAt => DateTimeOffset.FromUnixTimeSeconds(IssueTs);
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds((long)IssueTs + ExpireSeconds);
}
