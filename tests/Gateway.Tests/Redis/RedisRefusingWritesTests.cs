using System.Net;
using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Redis;

/// <summary>
/// A Redis out of memory: it answers reads, and refuses every write with an error (<c>maxmemory</c> 1 byte,
/// <c>noeviction</c>), so no invalidation, lease renewal or cache store is taken, while what it held is still read.
/// </summary>
public sealed class RedisRefusingWritesTests
{
    static async Task RefuseWritesAsync(RedisServer redis)
    {
        await redis.CliAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await redis.CliAsync("CONFIG", "SET", "maxmemory", "1");
    }

    /// <summary>
    /// A write while Redis refuses its invalidation is followed by the fresh list on the instance that made it: Redis still
    /// answers the read with the list from before the write, which is not served.
    /// </summary>
    [Fact]
    public async Task AWriteIsFollowedByTheFreshListThoughRedisStillHoldsTheOldOne()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var gateway = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await ReadAsync(student);
        var cached = await Poll.Until(() => ReadAsync(student), read => read.CacheStatus == "HIT");

        await RefuseWritesAsync(cluster.Redis!);
        var write = await WriteAsync(teacher, "PUT");
        var after = await ReadAsync(student);

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), cached);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
    }

    /// <summary>
    /// Refused renewals renew no lease, as renewals Redis never answered do: once they have been refused for a lease and
    /// its margin, no instance serves a copy, and a write waits for none (docs/caching.md), where it waited a whole lease
    /// for every cache it invalidated, for as long as Redis refused.
    /// </summary>
    [Fact]
    public async Task OnceRenewalsWereRefusedForALeaseAWriteWaitsForNone()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var gateway = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        var copies = gateway.Services.GetRequiredService<LocalCopies>();

        await RefuseWritesAsync(cluster.Redis!);
        var lapsed = await Poll.Until(() => Task.FromResult(copies.UntilLeasesLapsedAsync().IsCompleted), done => done);

        Assert.True(lapsed);
    }

    /// <summary>A Redis that refuses every write costs one line of its kind, not one for each request it refuses.</summary>
    [Fact]
    public async Task ARefusingRedisIsLoggedOnceAndNotForEveryRequest()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(cluster.Upstream.BaseUrl,
            ("Redis:Configuration", cluster.Redis!.Configuration), ("Redis:CommandTimeoutMilliseconds", "500"))) { Logs = logs };
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        await RefuseWritesAsync(cluster.Redis);
        var answers = new List<HttpStatusCode>();
        for (var read = 0; read < 20; read++)
        {
            answers.Add((await ReadAsync(student)).Status);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Single(logs.Lines, line => line.Contains("Redis refused a command (OutOfMemory)", StringComparison.Ordinal));
    }
}
