using System.Net;
using Gateway.Redis;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Topologies;

/// <summary>
/// A gateway started while every node of its Redis deployment is down (README: "If Redis is down at start … caching
/// resumes by itself when Redis is back") finds it once it comes, through sentinels or a cluster as with a single node.
/// </summary>
public sealed class RedisDownAtStartTests
{
    [Fact]
    public async Task AGatewayStartedWhileEverySentinelAndDataNodeIsDownFindsThemOnceTheyCome()
    {
        var redis = await RedisSentinels.StartAsync();
        // The data nodes come back first, then the sentinels that name the primary.
        await StartedWhileDownFindsItOnceItComesAsync(redis, [redis.Primary, .. redis.Replicas, .. redis.Sentinels]);
    }

    [Fact]
    public async Task AGatewayStartedWhileEveryClusterNodeIsDownFindsThemOnceTheyCome()
    {
        var redis = await RedisCluster.StartAsync();
        await StartedWhileDownFindsItOnceItComesAsync(redis, [.. redis.Nodes]);
    }

    /// <summary>
    /// Kills every server of <paramref name="redis"/> (in the reverse of <paramref name="servers"/>' order), starts two polling instances and two that serve resource lists,
    /// restarts the servers in the order given once each instance's first attempt to connect is over, then asserts that
    /// readiness turned healthy and that the instances share the log, the lease and the lists' copies.
    /// </summary>
    static async Task StartedWhileDownFindsItOnceItComesAsync(IRedisDeployment redis, RedisServer[] servers)
    {
        await using var lists = await GatewayCluster.StartAsync(redis);
        foreach (var server in servers.Reverse())
        {
            server.Kill();
        }
        await using var queue = await FakeEventQueue.StartAsync();
        await using var a = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var b = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var client = a.CreateClient();
        using var clientB = b.CreateClient();
        var reader = lists.AddInstance();
        var writer = lists.AddInstance();
        using var student = reader.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = writer.CreateClient(TestJwt.Teacher("room-1").Sign());

        var down = await ReadinessAsync(client);
        var downB = await ReadinessAsync(clientB);
        // The first attempt to connect is over, not still under way, when Redis comes.
        foreach (var instance in new[] { a, b, reader, writer })
        {
            await FirstAttemptOverAsync(instance);
        }
        foreach (var server in servers)
        {
            await server.RestartAsync();
        }
        var back = await Poll.Until(() => ReadinessAsync(client), r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), down);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), downB);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), back);
        await AssertSharedAsync(queue, a, b);
        await AssertListsSharedAsync(reader, writer, student, teacher);
    }

    static async Task FirstAttemptOverAsync(GatewayFactory instance)
    {
        var first = instance.Services.GetRequiredService<RedisConnection>().GetAsync().AsTask();
        await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(30), Json.Cancel));
        Assert.True(first.IsCompleted, "the first attempt to connect is still under way");
        Assert.False(first.Result!.IsConnected);
    }

    /// <summary>One instance polls, both read the one log, and both hold the lease of their copies.</summary>
    static async Task AssertSharedAsync(FakeEventQueue queue, GatewayFactory a, GatewayFactory b)
    {
        Assert.NotNull(await Leaders.TheOneLeadingAsync(a, b));
        var produced = queue.Produce("room-1", 3);
        using var adminA = a.CreateClient(TestJwt.Admin().Sign());
        using var adminB = b.CreateClient(TestJwt.Admin().Sign());
        var onA = await adminA.WaitForLogAsync(produced.Count);
        var onB = await adminB.WaitForLogAsync(produced.Count);
        Assert.Equal(produced.Select(EventLogClient.ToEntry), onA);
        Assert.Equal(onA, onB);
        Assert.Equal(1, queue.MostPollsAtOnce);
        await Leases.UntilHeldAsync(a, b);
    }

    /// <summary>
    /// A list one instance serves from its copy is dropped by a write made through the other, once both reach Redis again:
    /// a writer that does not yet drops its own copies and waits out the others' leases, while a reader that does may
    /// serve the old list from Redis for the list's time to live (docs/caching.md).
    /// </summary>
    static async Task AssertListsSharedAsync(GatewayFactory reader, GatewayFactory writer, HttpClient student, HttpClient teacher)
    {
        await GatewayCluster.WaitUntilRedisAnswers(reader);
        await GatewayCluster.WaitUntilRedisAnswers(writer);
        var cached = await Poll.Until(async () => new[] { await ResourceReads.ReadAsync(student), await ResourceReads.ReadAsync(student) },
            reads => reads.All(read => read.CacheStatus == "HIT"));
        Assert.All(cached, read => Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), read));
        using var write = await ResourceReads.WriteAsync(teacher, "PUT");
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        var after = await ResourceReads.ReadAsync(student);
        Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(1)), (after.Status, after.Body));
    }

    static async Task<(HttpStatusCode Status, string? Redis)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz", Json.Cancel);
        return (response.StatusCode, (await response.ReadJson()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }
}
