using System.Diagnostics;
using Gateway.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// Readiness: the primary holding the event log's key answers a read of it, or Redis is not configured (then everything
/// runs in process). A read of a key, not a PING: a node of a failed cluster answers a PING and refuses every key
/// (CLUSTERDOWN), and only the primary owning the key's slot — the one that must take the log's appends — answers it.
/// </summary>
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
            var asked = Stopwatch.GetTimestamp();
            await connection.GetDatabase().KeyExistsAsync(RedisEventLog.Stream, CommandFlags.DemandMaster)
                .WaitAsync(redis.Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {Stopwatch.GetElapsedTime(asked).TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer; the gateway serves from the upstream meanwhile.");
        }
    }
}
