using System.Net;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Caching;

/// <summary>Each instance's own copies of the lists it read from Redis (<see cref="LocalCopies"/>), with a real redis-server.</summary>
public sealed class LocalCopiesTests
{
    /// <summary>Reads on <paramref name="instance"/> until it serves the room's list from its own copy.</summary>
    static Task HoldsACopy(GatewayFactory instance, HttpClient client) => Poll.Until(
        async () =>
        {
            await ReadAsync(client);
            return instance.Services.GetRequiredService<LocalCopies>().TryGet<CachedResourceList>("room-1", out _);
        },
        held => held);

    static async Task<(GatewayCluster Cluster, GatewayFactory First, GatewayFactory Second)> TwoInstancesAsync()
    {
        var cluster = await GatewayCluster.StartAsync();
        return (cluster, await cluster.AddConnectedInstanceAsync(), await cluster.AddConnectedInstanceAsync());
    }

    static async Task<IConnectionMultiplexer> AdminAsync(GatewayCluster cluster) =>
        await ConnectionMultiplexer.ConnectAsync(cluster.Redis!.Configuration + ",allowAdmin=true");

    /// <summary>Removes the room's list from Redis without telling anyone, as eviction would.</summary>
    static async Task RemoveListFromRedis(IConnectionMultiplexer redis)
    {
        var server = redis.GetServers().Single();
        var lists = server.Keys(pattern: "classroom-gateway:resources:*room-1}:list").ToArray();
        Assert.Single(lists);
        await redis.GetDatabase().KeyDeleteAsync(lists);
    }

    [Fact]
    public async Task EachInstanceServesItsOwnCopyWithoutRedisUntilAWriteThroughAnyInstanceDropsIt()
    {
        var (cluster, first, second) = await TwoInstancesAsync();
        await using var running = cluster;
        using var studentOnFirst = first.CreateClient(TestJwt.Student("room-1").Sign());
        using var studentOnSecond = second.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacherOnSecond = second.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var redis = await AdminAsync(cluster);
        var (fromCopies, upstreamReads) = await Leases.HeldThroughout([first, second], async () =>
        {
            await HoldsACopy(first, studentOnFirst);
            await HoldsACopy(second, studentOnSecond);
            var upstreamReads = cluster.ListReads;
            await RemoveListFromRedis(redis);
            return (new[] { await ReadAsync(studentOnFirst), await ReadAsync(studentOnSecond) }, upstreamReads);
        });
        var write = await WriteAsync(teacherOnSecond, "PUT");
        var afterOnFirst = await ReadAsync(studentOnFirst);
        var afterOnSecond = await ReadAsync(studentOnSecond);

        Assert.All(fromCopies, read => Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), read));
        Assert.Equal(upstreamReads + 1, cluster.ListReads);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), afterOnFirst);
        Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(1)), (afterOnSecond.Status, afterOnSecond.Body));
    }

    [Fact]
    public async Task AMemberWhoseLeaseRanOutIsForgottenAndOneThatStopsLeaves()
    {
        var (cluster, _, second) = await TwoInstancesAsync();
        await using var running = cluster;
        using var redis = await AdminAsync(cluster);
        var db = redis.GetDatabase();
        const string members = SandboxKeys.ResourcesNear + "members";
        const string acknowledged = SandboxKeys.ResourcesNear + "acknowledged";
        // An instance that died a minute ago without leaving.
        await db.SortedSetAddAsync(members, "gone", DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
        await db.HashSetAsync(acknowledged, "gone", 0);

        // Either instance's next renewal forgets it; on a machine loaded by the whole suite, renewals may wait on Redis.
        var forgotten = await Poll.Until(async () => !await db.HashExistsAsync(acknowledged, "gone"), gone => gone, TimeSpan.FromSeconds(60));
        await second.DisposeAsync();
        var left = await db.SortedSetLengthAsync(members);

        Assert.True(forgotten);
        Assert.Null(await db.SortedSetRankAsync(members, "gone"));
        Assert.Equal(1, left);
        Assert.Equal(1, await db.HashLengthAsync(acknowledged));
    }

    [Fact]
    public async Task AnInstanceWhoseSubscriptionWasCutServesNoCopyUntilItHasANewLease()
    {
        var (cluster, first, second) = await TwoInstancesAsync();
        await using var running = cluster;
        using var studentOnFirst = first.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacherOnSecond = second.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var redis = await AdminAsync(cluster);
        await HoldsACopy(first, studentOnFirst);
        var copies = first.Services.GetRequiredService<LocalCopies>();

        // Invalidations published while a subscription is down never reach it.
        await redis.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        var heldAfterCut = await Poll.Until(() => Task.FromResult(copies.TryGet<CachedResourceList>("room-1", out _)), held => !held);
        var write = await WriteAsync(teacherOnSecond, "PUT");
        var after = await ReadAsync(studentOnFirst);
        await HoldsACopy(first, studentOnFirst);
        var copyAgain = await ReadAsync(studentOnFirst);

        Assert.False(heldAfterCut);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(1)), (after.Status, after.Body));
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(1)), copyAgain);
    }

    /// <summary>
    /// A Redis that answers reads and refuses writes (too few replicas, <c>NOREPLICAS</c>) renews no member's lease: once a
    /// lease and its margin have passed since it refused this instance's renewal, a write whose invalidation could not be
    /// made has no copy left to wait out, though Redis answered the instance's reads meanwhile.
    /// </summary>
    [Fact]
    public async Task AWriteWaitsForNoLeaseOnceRedisHasRefusedRenewalsForALease()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        var copies = gateway.Services.GetRequiredService<LocalCopies>();
        var connection = gateway.Services.GetRequiredService<RedisConnection>();
        Assert.True(await Poll.Until(() => Task.FromResult(copies.Leased), leased => leased));

        await redis.CliAsync("config", "set", "min-replicas-to-write", "1");
        var waitsNoLonger = await Poll.Until(async () =>
        {
            var read = await connection.TryAsync(db => db.StringGetAsync("classroom-gateway:probe"));
            return read.Done && copies.UntilLeasesLapsedAsync().IsCompleted;
        }, done => done, TimeSpan.FromSeconds(30));

        Assert.True(waitsNoLonger);
        Assert.False(copies.Leased);
    }
}
