using Gateway.Redis;
using Gateway.Tests.Support;

namespace Gateway.Tests.Redis;

public sealed class RedisConnectionTests
{
    [Fact]
    public async Task ACommandWhoseConnectionIsDisposedMeanwhileIsNotDoneAndCountsNoFailure()
    {
        await using var redis = await RedisServer.StartAsync();
        var connection = TestRedisConnection.Create(redis.Configuration);
        await connection.GetAsync();
        var before = await connection.TryAsync(db => db.PingAsync());

        // As when the host stops: a service's last command finds the connection disposed after it checked it was up.
        var after = await connection.TryAsync(async db =>
        {
            await connection.DisposeAsync();
            return await db.PingAsync();
        });

        Assert.True(before.Done);
        Assert.False(after.Done);
        Assert.Equal(0, connection.Failures);
    }

    [Theory]
    [InlineData(5000, 500)]
    [InlineData(200, 200)]
    public async Task TheClientsOwnSynchronousCallsWaitNoLongerThanTheDefaultCommandTimeout(int commandTimeout, int synchronousBound)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = TestRedisConnection.Create(redis.Configuration, commandTimeout);

        var multiplexer = (await connection.GetAsync())!;

        // Under Sentinel the client asks for the primary synchronously on pool threads; the gateway's own calls are async.
        Assert.Equal(synchronousBound, multiplexer.TimeoutMilliseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(commandTimeout), connection.Timeout);
    }
}
