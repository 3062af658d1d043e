namespace Gateway.RateLimiting;

/// <summary>The <c>RateLimit</c> section: how many requests one user may make per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";
    public const int MaxPermitsPerMinute = 1_000_000;

    public int PermitsPerMinute { get; set; } = 600;
}
