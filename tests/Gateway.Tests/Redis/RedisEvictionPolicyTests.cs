using Gateway.Tests.Support;

namespace Gateway.Tests.Redis;

/// <summary>
/// A Redis that evicts keys when it is full loses what the gateway keeps without an expiry (the event log and the audit
/// trail, whole, under an <c>allkeys-*</c> policy: seen with another application's keys filling a shared Redis, the log
/// read back empty) or before it expires (a kick's ban, a room's generation, a lease, under a <c>volatile-*</c> one).
/// The gateway cannot prevent it, so it says so (docs/caching.md).
/// </summary>
public sealed class RedisEvictionPolicyTests
{
    static bool IsWarning(string line, string policy) => line.StartsWith("Warning", StringComparison.Ordinal)
        && line.Contains($"evicts keys when full (maxmemory-policy {policy})", StringComparison.Ordinal);

    [Theory]
    [InlineData("allkeys-lru")]
    [InlineData("volatile-lru")]
    public async Task ARedisThatEvictsKeysWhenFullIsWarnedOfOnce(string policy)
    {
        await using var redis = await RedisServer.StartAsync("--maxmemory-policy", policy);
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration })
        {
            Logs = logs,
        };
        await GatewayCluster.WaitUntilRedisAnswers(gateway);

        var warned = await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => IsWarning(line, policy))), found => found);

        Assert.True(warned, "no warning named the eviction policy");
        Assert.Single(logs.Lines, line => IsWarning(line, policy));
    }

    /// <summary>A Redis that does not evict is not warned of; asked again whenever the gateway connects again, one whose policy changed is.</summary>
    [Fact]
    public async Task ARedisThatRefusesWritesWhenFullIsNotWarnedOfUntilItsPolicyChanges()
    {
        await using var redis = await RedisServer.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration })
        {
            Logs = logs,
        };
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var client = gateway.CreateClient();
        await client.GetAsync("/readyz", Json.Cancel);
        var before = logs.Lines.Where(line => line.Contains("evicts keys", StringComparison.Ordinal)).ToList();

        await redis.CliAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        await redis.CliAsync("CLIENT", "KILL", "TYPE", "normal");
        await redis.CliAsync("CLIENT", "KILL", "TYPE", "pubsub");
        var warned = await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => IsWarning(line, "allkeys-lfu"))), found => found);

        Assert.Empty(before);
        Assert.True(warned, "no warning named the eviction policy after the gateway connected again");
    }
}
