using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Gateway.Redis;

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
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(redis.Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer; the gateway serves from the upstream meanwhile.");
        }
    }
}
