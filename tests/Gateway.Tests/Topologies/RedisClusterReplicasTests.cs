using Classroom.Agora;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Topologies;

/// <summary>
/// Two gateway instances on a Redis Cluster of three primaries with a replica each, as production clusters run, with the
/// emulator as Agora: during a class a primary dies and its replica is promoted, replicas are asked to take over, and the
/// slots holding the gateway's keys move to another primary; the gateway carries on.
/// </summary>
public sealed class RedisClusterReplicasTests
{
    /// <summary>A key of each hash tag the gateway's scripts and transactions keep their keys under (docs/caching.md).</summary>
    static readonly string[] KeysOfEveryHashTag =
    [
        $"classroom-gateway:{{events:{AgoraSandbox.AppId}}}:log",
        $"classroom-gateway:{{audit:{AgoraSandbox.AppId}}}:log",
        $"classroom-gateway:{{resources-near:{AgoraSandbox.AppId}}}:sequence",
        $"classroom-gateway:resources:{{{AgoraSandbox.AppId}:{ReplicatedRedisClass.Room}}}:gen",
    ];

    [Fact]
    public async Task KillingThePrimaryOfTheEventLogDuringAClassLosesNoRequestNoEventAndNoAuditEntry()
    {
        // A replica takes over some seconds after its primary's node timeout: 3 s rather than the usual 5 s, for a shorter test.
        await using var redis = await RedisCluster.StartAsync(replicasEach: 1, nodeTimeoutMilliseconds: 3000);
        await using var lesson = await ReplicatedRedisClass.UnderWayAsync(redis);

        await lesson.ActWhileAsync("failing over", redis.KillPrimaryAndAwaitFailoverAsync(KeysOfEveryHashTag[0]));
        await lesson.EndAndAssertNothingWasLostAsync();

        Assert.Contains(lesson.Answers, answer => answer.What.StartsWith("failing over", StringComparison.Ordinal));
        Assert.True(await Leaders.TheOneLeadingAsync(lesson.A, lesson.B) is not null, "not one instance leads the poller; the pollers said:\n"
            + lesson.Said(ReplicatedRedisClass.ByTheEvents));
    }

    /// <summary>
    /// The primary killed during a class is brought back: the cluster makes it a replica of the node promoted in its place,
    /// and asked to take over again, it serves the gateway's keys as before, the class going on through all of it.
    /// </summary>
    [Fact]
    public async Task AKilledPrimaryBroughtBackFollowsAndTakesOverAgainLosingNoRequestNoEventAndNoAuditEntry()
    {
        await using var redis = await RedisCluster.StartAsync(replicasEach: 1, nodeTimeoutMilliseconds: 3000);
        await using var lesson = await ReplicatedRedisClass.UnderWayAsync(redis);
        var killed = await redis.OwnerOfAsync(KeysOfEveryHashTag[0]);

        await lesson.ActWhileAsync("failing over", redis.KillPrimaryAndAwaitFailoverAsync(KeysOfEveryHashTag[0]));
        await lesson.ActWhileAsync("old primary back", redis.RestartAndAwaitFollowingAsync(killed));
        await lesson.ActWhileAsync("old primary taking over", redis.FailOverAndAwaitAsync(await redis.OwnerOfAsync(KeysOfEveryHashTag[0])));
        await lesson.EndAndAssertNothingWasLostAsync();

        Assert.Same(killed, await redis.OwnerOfAsync(KeysOfEveryHashTag[0]));
        Assert.Contains(lesson.Answers, answer => answer.What.StartsWith("old primary taking over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailoversTheReplicasAreAskedForLoseNoRequestNoEventAndNoAuditEntry()
    {
        await using var redis = await RedisCluster.StartAsync(replicasEach: 1);
        await using var lesson = await ReplicatedRedisClass.UnderWayAsync(redis);

        foreach (var primary in await redis.OwnersOfAsync(KeysOfEveryHashTag))
        {
            await lesson.ActWhileAsync($"failover of {primary.Configuration}", redis.FailOverAndAwaitAsync(primary), TimeSpan.Zero);
        }
        await lesson.EndAndAssertNothingWasLostAsync();
    }

    [Fact]
    public async Task MovingTheSlotsOfTheGatewaysKeysDuringAClassLosesNoRequestNoEventAndNoAuditEntry()
    {
        await using var redis = await RedisCluster.StartAsync(replicasEach: 1);
        await using var lesson = await ReplicatedRedisClass.UnderWayAsync(redis);

        foreach (var key in KeysOfEveryHashTag)
        {
            await lesson.ActWhileAsync($"moving {key}", redis.MoveSlotAsync(key, TimeSpan.FromMilliseconds(300)), TimeSpan.Zero);
        }
        await lesson.EndAndAssertNothingWasLostAsync();
        // The gateway met every redirection a migration makes, its scripts' included.
        Assert.True(await redis.ErrorsAnsweredAsync("MOVED") > 0, "no MOVED");
        Assert.True(await redis.ErrorsAnsweredAsync("ASK") > 0, "no ASK");
        Assert.True(await redis.ErrorsAnsweredAsync("TRYAGAIN") > 0, "no TRYAGAIN");
    }
}
