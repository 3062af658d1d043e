namespace Gateway.Redis;

/// <summary>Each bad setting of the section is named, all of them at once.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.CommandTimeoutMilliseconds is < 50 or > 10_000)
        {
            failures.Add("Redis:CommandTimeoutMilliseconds must be from 50 to 10000.");
        }
        if (options.IsConfigured && ConfigurationFailure(options.Configuration!) is { } failure)
        {
            failures.Add(failure);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static string? ConfigurationFailure(string configuration)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(configuration).EndPoints.Count > 0
                ? null
                : "Redis:Configuration names no server (host:port).";
        }
        catch (ArgumentException)
        {
            return "Redis:Configuration is not a valid StackExchange.Redis configuration string.";
        }
    }
}
