using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// The one Redis connection of this instance. It never blocks start-up and never throws for a Redis that is
/// down: it keeps reconnecting in the background while callers fall back, with short timeouts so that no request
/// stalls for seconds on it.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    /// <summary>How long one Redis command may take before the caller gives up on it and falls back.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(500);

    readonly Lazy<Task<ConnectionMultiplexer>>? _connection;

    public RedisConnection(IOptions<RedisOptions> options)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)TimeSpan.FromSeconds(2).TotalMilliseconds;
        configuration.SyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        configuration.ConnectRetry = 1;
        configuration.ClientName ??= "classroom-gateway";
        _connection = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(configuration));
    }

    public bool IsConfigured => _connection is not null;

    /// <summary>The multiplexer (created on first use, connected or still trying), or null without Redis.</summary>
    public async ValueTask<IConnectionMultiplexer?> GetAsync() => _connection is null ? null : await _connection.Value;

    /// <summary>Whether Redis answers now; false without Redis.</summary>
    public bool IsConnected => _connection is { IsValueCreated: true } && _connection.Value.IsCompletedSuccessfully
        && _connection.Value.Result.IsConnected;

    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsValueCreated: true })
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}

/// <summary>Readiness: Redis answers a PING, or is not configured (then everything runs in process).</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connection = await redis.GetAsync();
        if (connection is null)
        {
            return HealthCheckResult.Healthy("Not configured: caches and the event log are in process.");
        }
        try
        {
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(RedisConnection.CommandTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer; the gateway serves from the upstream meanwhile.");
        }
    }
}

public static class RedisRegistration
{
    public static IServiceCollection AddGatewayRedis(this IServiceCollection services)
    {
        services.AddValidatedOptions<RedisOptions, RedisOptionsValidator>(RedisOptions.Section);
        services.AddSingleton<RedisConnection>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [Health.HealthEndpoints.ReadyTag]);
        return services;
    }
}
