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
}
