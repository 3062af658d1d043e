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

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}

public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (options.CommandTimeoutMilliseconds is < 50 or > 10_000)
        {
            return ValidateOptionsResult.Fail("Redis:CommandTimeoutMilliseconds must be from 50 to 10000.");
        }
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }
        try
        {
            StackExchange.Redis.ConfigurationOptions.Parse(options.Configuration!);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail("Redis:Configuration is not a valid StackExchange.Redis configuration string.");
        }
    }
}
