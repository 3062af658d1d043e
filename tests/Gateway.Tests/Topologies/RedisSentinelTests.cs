using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Topologies;

/// <summary>
/// Two gateway instances on a Redis primary and two replicas under three sentinels, with the emulator as Agora: the
/// primary dies during a class, the sentinels promote a replica, and the gateway carries on.
/// </summary>
public sealed class RedisSentinelTests
{
    [Fact]
    public async Task KillingThePrimaryDuringAClassLosesNoRequestAndNoEventAndThePollerResumesOnThePromotedReplica()
    {
        await using var redis = await RedisSentinels.StartAsync();
        await using var lesson = await ReplicatedRedisClass.StartAsync(redis);

        for (var i = 0; i < 3; i++)
        {
            await lesson.ActAsync("before");
        }
        await lesson.LogAsync(4);
        await lesson.ActWhileAsync("during", redis.KillPrimaryAndAwaitFailoverAsync());
        for (var i = 0; i < 3; i++)
        {
            await lesson.ActAsync("after");
        }
        await lesson.EndAsync();

        lesson.AssertEveryRequestWasAnswered();
        lesson.AssertEveryReadWasAnsweredOrRefusedAsUnavailable();
        Assert.Contains(lesson.Answers, answer => answer.What.StartsWith("during", StringComparison.Ordinal));
        await lesson.AssertTheLogHoldsEveryEventOnceAsync();
        Assert.True(await Leaders.TheOneLeadingAsync(lesson.A, lesson.B) is not null, "not one instance leads the poller; the pollers said:\n"
            + lesson.Said(ReplicatedRedisClass.ByTheEvents));
    }

    /// <summary>
    /// The killed primary comes back as it was configured, a primary, and stays one for some seconds before the sentinels
    /// make it a replica, which drops what it holds. It refuses writes meanwhile (<c>min-replicas-to-write 1</c>: no
    /// replica follows it), and the gateway holds what it could not write and writes it again to the promoted replica.
    /// </summary>
    [Fact]
    public async Task APrimaryThatComesBackAPrimaryAfterAFailoverLosesNoEventAndNoAuditEntry()
    {
        await using var redis = await RedisSentinels.StartAsync();
        await using var lesson = await ReplicatedRedisClass.UnderWayAsync(redis);
        await lesson.ActWhileAsync("failing over", redis.KillPrimaryAndAwaitFailoverAsync());

        await redis.RestartOldPrimaryAsync();
        await lesson.ActWhileAsync("old primary back", redis.AwaitOldPrimaryFollowsAsync());
        await lesson.EndAndAssertNothingWasLostAsync();

        Assert.Contains(lesson.Answers, answer => answer.What.StartsWith("old primary back", StringComparison.Ordinal));
        // The gateway did write to the old primary while it was one, and took its refusal for an outage, not a fault.
        Assert.Contains("errorstat_NOREPLICAS", await redis.Primary.CliAsync("info", "errorstats"));
        Assert.Empty(lesson.Said(line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("NoReplicas", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Failovers an operator asks the sentinels for, every node alive. The old primary goes on taking writes for a moment
    /// after the promotion, and its other replica acknowledges them, until the sentinels make both follow the promoted
    /// node, which never had them. The gateway appends again on the new primary what it appended lately to the old one.
    /// </summary>
    [Fact]
    public async Task FailoversTheSentinelsAreAskedForLoseNoEventAndNoAuditEntry()
    {
        await using var redis = await RedisSentinels.StartAsync();
        await using var lesson = await ReplicatedRedisClass.UnderWayAsync(redis);
        for (var failover = 1; failover <= 5; failover++)
        {
            // As fast as the class can act: the moment in which an append is lost is short.
            await lesson.ActWhileAsync($"failover {failover}", redis.FailOverAndAwaitAsync(), TimeSpan.Zero);
        }
        await lesson.EndAndAssertNothingWasLostAsync();
    }
}
