namespace Gateway.Redis;

/// <summary>The <c>Redis</c> section. Empty: caches and the event log live in process (one instance).</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// How long one Redis command may take before the caller falls back without it. Short, because a request must
    /// not stall on Redis; longer only where Redis is far away (or, in tests, on a heavily loaded machine).
    /// </summary>
    public int CommandTimeoutMilliseconds { get; set; } = (int)RedisConnection.CommandTimeout.TotalMilliseconds;

    /// <summary>The range <see cref="CommandTimeoutMilliseconds"/> is taken in.</summary>
    public const int LeastCommandTimeoutMilliseconds = 50, MostCommandTimeoutMilliseconds = 10_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}
