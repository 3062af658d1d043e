namespace Gateway.Tests.Support;

/// <summary>
/// The Redis shapes that a test of what instances share runs on, by name for a theory's data: one redis-server, or
/// a three-primary cluster, where every script must keep its keys in one slot.
/// </summary>
public static class RedisDeployments
{
    public const string Server = "server";
    public const string Cluster = "cluster";

    public static async Task<IRedisDeployment> StartAsync(string shape) => shape switch
    {
        Server => await RedisServer.StartAsync(),
        Cluster => await RedisCluster.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "server or cluster"),
    };
}
