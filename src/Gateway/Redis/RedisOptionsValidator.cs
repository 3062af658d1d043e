namespace Gateway.Redis;

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
            return StackExchange.Redis.ConfigurationOptions.Parse(options.Configuration!).EndPoints.Count > 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Redis:Configuration names no server (host:port).");
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail("Redis:Configuration is not a valid StackExchange.Redis configuration string.");
        }
    }
}
