using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>What a failover keeps: whether the replicas of a primary hold what this instance wrote to it.</summary>
public static class RedisReplicas
{
    /// <summary>
    /// Waits, at most <paramref name="within"/>, until <paramref name="wanted"/> replicas hold what this connection wrote
    /// to the primary serving <paramref name="key"/>, and answers how many do. WAIT blocks the connection it is sent on,
    /// which every command of this instance shares: it is sent only while the primary reports enough replicas connected,
    /// when it answers in about a round trip; with fewer connected the answer is 0 at once. A primary lost meanwhile fails
    /// the command, so the caller takes what it wrote for not written, and writes it again.
    /// </summary>
    public static async Task<long> AwaitAsync(IConnectionMultiplexer connection, RedisKey key, int wanted, TimeSpan within)
    {
        var primary = connection.GetServer(key);
        if (await primary.RoleAsync() is not Role.Master { Replicas.Count: var connected } || connected < wanted)
        {
            return 0;
        }
        return (long)await primary.ExecuteAsync("WAIT", wanted, (long)within.TotalMilliseconds);
    }

    /// <summary>
    /// After an append Redis took: waits, within half of <paramref name="redis"/>'s command timeout, for <paramref name="wanted"/>
    /// replicas of the primary serving <paramref name="key"/> to hold it (<see cref="AwaitAsync"/>), and answers how many
    /// do; null when the primary gave no answer within the command timeout (it hangs, or the wait queued behind others on
    /// the connection). The append stands then, as one the replicas did not acknowledge in time: failing it would have it
    /// taken for unwritten, and made again as nothing, with no wait left to say that no replica was seen to hold it.
    /// </summary>
    /// <exception cref="RedisUnavailableException">The primary was lost or refused meanwhile: the append is made again.</exception>
    public static async Task<long?> AwaitAppendedAsync(RedisConnection redis, RedisKey key, int wanted)
    {
        try
        {
            return await redis.RunAsync(connection => AwaitAsync(connection, key, wanted, redis.Timeout / 2));
        }
        catch (RedisUnavailableException e) when (e.InnerException is TimeoutException or RedisTimeoutException)
        {
            return null;
        }
    }
}
