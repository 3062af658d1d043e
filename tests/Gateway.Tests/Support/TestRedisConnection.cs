using Gateway.Redis;
using Gateway.Resilience;
using Gateway.Telemetry;
using Gateway.Configuration;
using Gateway.Upstream;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Support;

/// <summary>The gateway's Redis connection outside a host, for tests of what is built on it.</summary>
public static class TestRedisConnection
{
    public static RedisConnection Create(string? configuration, int? commandTimeoutMilliseconds = null)
    {
        var options = new RedisOptions { Configuration = configuration };
        if (commandTimeoutMilliseconds is { } timeout)
        {
            options.CommandTimeoutMilliseconds = timeout;
        }
        return new(Options.Create(options), NullLogger<RedisConnection>.Instance, Metrics());
    }

    /// <summary>A connection to <paramref name="configuration"/>, started as the gateway starts it and connected.</summary>
    public static async Task<RedisConnection> ConnectedAsync(string configuration, int commandTimeoutMilliseconds = 5000)
    {
        var connection = Create(configuration, commandTimeoutMilliseconds);
        await new ConnectRedisOnStart(connection).StartAsync(Json.Cancel);
        await Poll.Until(() => Task.FromResult(connection.IsConnected), connected => connected);
        return connection;
    }

    /// <summary>
    /// The appends' keeper a log is built with, not started: what a failover drops is made again outside a host only once
    /// a test starts it.
    /// </summary>
    public static AppendsAfterFailover Appends(RedisConnection connection, ILogger<AppendsAfterFailover>? logger = null) =>
        new(connection, new LoopFailures(Metrics(), TimeProvider.System, NullLogger<LoopFailures>.Instance),
            logger ?? NullLogger<AppendsAfterFailover>.Instance);

    public static GatewayMetrics Metrics()
    {
        var hosts = new AgoraHosts(Options.Create(new AgoraOptions()), TimeProvider.System);
        return new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            new UpstreamCircuitBreaker(Options.Create(new CircuitBreakerOptions()), hosts, TimeProvider.System, NullLogger<UpstreamCircuitBreaker>.Instance),
            hosts);
    }
}
