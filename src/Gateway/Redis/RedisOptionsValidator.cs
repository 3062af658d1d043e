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
            var endPoints = StackExchange.Redis.ConfigurationOptions.Parse(configuration).EndPoints;
            if (endPoints.Count == 0)
            {
                return "Redis:Configuration names no server (host:port).";
            }
            // The client takes a URL (redis://user:password@host:6379, as redis-cli and most clients write it) for the name
            // of a host it can never reach, and every line naming that server would show the password.
            return endPoints.Any(endPoint => endPoint is System.Net.DnsEndPoint { Host: var host } && host.IndexOfAny(['@', '/']) >= 0)
                ? "Redis:Configuration names a server as a URL or with a user name and password: write host:port,user=…,password=… (a StackExchange.Redis configuration string)."
                : null;
        }
        catch (ArgumentException)
        {
            return "Redis:Configuration is not a valid StackExchange.Redis configuration string.";
        }
    }
}
