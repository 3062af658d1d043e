namespace Gateway.Redis;

/// <summary>Each bad setting of the section is named, all of them at once.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.CommandTimeoutMilliseconds is < RedisOptions.LeastCommandTimeoutMilliseconds or > RedisOptions.MostCommandTimeoutMilliseconds)
        {
            failures.Add($"Redis:CommandTimeoutMilliseconds must be from {RedisOptions.LeastCommandTimeoutMilliseconds} to {RedisOptions.MostCommandTimeoutMilliseconds}.");
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
            // The client takes any text without '=' for a server: a URL (redis://user:password@host:6379, as redis-cli and
            // most clients write it), or the rest of a password holding a comma, which ends the password. It could never be
            // reached, and every line naming that server would show the password.
            return endPoints.Any(endPoint => endPoint is System.Net.DnsEndPoint { Host: var host } && !IsHostName(host))
                ? "Redis:Configuration names a server that is no host name (a URL, user:password@host, or a password holding a comma): write host:port,user=…,password=… (a StackExchange.Redis configuration string, whose values hold no comma)."
                : null;
        }
        catch (ArgumentException)
        {
            return "Redis:Configuration is not a valid StackExchange.Redis configuration string.";
        }
    }

    /// <summary>Letters, digits, dots, hyphens and the underscores container names have.</summary>
    static bool IsHostName(string host) => host.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_');
}
