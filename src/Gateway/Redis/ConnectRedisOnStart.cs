using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// Starts connecting while the host starts, so the first requests find Redis ready; waits at most the connect
/// timeout, so a Redis that is down delays the start by that much and never stops it.
/// </summary>
public sealed class ConnectRedisOnStart(RedisConnection redis) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetAsync().AsTask().WaitAsync(RedisConnection.ConnectTimeout, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Still connecting in the background; requests fall back until it succeeds.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
