using System.Diagnostics;
using Classroom.Agora;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Caching;

/// <summary>
/// An instance that lost events of the log forgets every room's cached answer for itself (<see cref="SharedRoomCache.InvalidateAllHereAsync"/>):
/// it serves nothing Redis stored before then, by Redis's time, which it asks Redis for.
/// </summary>
public sealed class ForgetAllTests
{
    /// <summary>
    /// A command of the instance timed out (Redis hung for a moment): it leaves Redis alone for two seconds, while its lease
    /// of copies, renewed by a loop of its own, is taken again. Forgetting then could not ask Redis's time, and set no floor:
    /// once the instance asked Redis again, it served a list another instance stored after the lease, before the
    /// forgetting. It asks Redis's time before its next lookup, and serves nothing from Redis until it is told.
    /// </summary>
    [Fact]
    public async Task AListStoredBeforeAForgettingWhoseTimeRedisCouldNotTellIsNotServed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var forgetting = await Instance.StartAsync(redis);
        await using var other = await Instance.StartAsync(redis);
        await Poll.Until(() => Task.FromResult(forgetting.Copies.Leased), leased => leased);

        redis.Freeze();
        var timedOut = await forgetting.Cache.LookupAsync("maths");
        var failed = Stopwatch.StartNew();
        redis.Thaw();
        await Poll.Until(() => Task.FromResult(forgetting.Copies.Leased), leased => leased, RedisConnection.FailureBackOff);
        var generation = (await other.Cache.LookupAsync("maths")).Generation;
        await other.Cache.StoreAsync("maths", generation!, new CachedResourceList("application/json", "{}"u8.ToArray()),
            SharedRoomCache.TimeToLive);
        await forgetting.Cache.InvalidateAllHereAsync();
        var forgotWithin = failed.Elapsed;
        await Task.Delay(RedisConnection.FailureBackOff, Json.Cancel);
        var afterwards = await forgetting.Cache.LookupAsync("maths");

        Assert.Equal((null, null), (timedOut.Hit, timedOut.Generation));
        Assert.True(forgotWithin < RedisConnection.FailureBackOff, $"forgot {forgotWithin} after the failure, past the time the instance leaves Redis alone");
        Assert.NotNull(generation);
        Assert.NotNull(afterwards.Generation);
        Assert.Null(afterwards.Hit);
    }

    /// <summary>An instance's cache of resource lists, on its own connection and lease of copies.</summary>
    sealed class Instance : IAsyncDisposable
    {
        public required RedisConnection Connection { get; init; }

        public required LocalCopies Copies { get; init; }

        public required SharedRoomCache Cache { get; init; }

        public static async Task<Instance> StartAsync(RedisServer redis)
        {
            var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration, commandTimeoutMilliseconds: 500);
            var copies = new LocalCopies(connection, SandboxKeys.Agora,
                new LoopFailures(TestRedisConnection.Metrics(), TimeProvider.System, NullLogger<LoopFailures>.Instance), NullLogger<LocalCopies>.Instance);
            await copies.StartAsync(Json.Cancel);
            return new Instance
            {
                Connection = connection,
                Copies = copies,
                Cache = new SharedRoomCache(connection, new MemoryCache(new MemoryCacheOptions()), copies, AgoraSandbox.AppId,
                    "resources", TimeProvider.System, NullLogger<SharedRoomCache>.Instance),
            };
        }

        public async ValueTask DisposeAsync()
        {
            await Copies.StopAsync(CancellationToken.None);
            Copies.Dispose();
            await Connection.DisposeAsync();
        }
    }
}
