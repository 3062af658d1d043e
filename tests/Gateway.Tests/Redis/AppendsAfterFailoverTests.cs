using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Tests.Redis;

/// <summary>The appends kept to be made again, against a real redis-server restarted: another process, empty or with its data.</summary>
public sealed class AppendsAfterFailoverTests
{
    const string Append = "redis.call('RPUSH', KEYS[1], ARGV[1]) return 1";

    /// <summary>An idempotent append that answers how many entries it added, as the logs' appends do.</summary>
    const string AddOnce = "return redis.call('SADD', KEYS[1], ARGV[1])";

    /// <summary>
    /// A log's kept appends are bounded: past <see cref="AppendsAfterFailover.MaxKeptBytesPerLog"/> the oldest go before
    /// their minute, said at Warning, and only those kept are made again on a Redis restarted empty.
    /// </summary>
    [Fact]
    public async Task PastItsBudgetALogsOldestAppendsGoEarlyWithAWarning()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var logs = new CapturedLogs();
        using var loggers = new LoggerFactory([logs]);
        var appends = TestRedisConnection.Appends(connection, loggers.CreateLogger<AppendsAfterFailover>());
        // A quarter of the budget less room for each value's length: four fit, and a fifth does not.
        var quarter = new string('x', AppendsAfterFailover.MaxKeptBytesPerLog / 4 - 64);
        var multiplexer = (await connection.GetAsync())!;

        var fit = AppendsAfterFailover.MaxKeptBytesPerLog / quarter.Length;
        for (var i = 0; i <= fit; i++)
        {
            await appends.RunAsync(multiplexer, "test log", Append, ["list"], [$"{i}{quarter[1..]}"]);
        }
        await appends.StartAsync(Json.Cancel);
        redis.Kill();
        await redis.RestartAsync();
        var length = await Poll.Until(() => LengthAsync(multiplexer), found => found >= fit, TimeSpan.FromSeconds(30));
        await Task.Delay(AppendsAfterFailover.LookEvery * 2, Json.Cancel);
        var kept = await multiplexer.GetDatabase().ListRangeAsync("list");
        await appends.StopAsync(Json.Cancel);

        Assert.Equal(fit, length);
        Assert.Equal(Enumerable.Range(1, fit).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), kept.Select(v => ((string)v!)[..1]));
        Assert.Single(logs.Lines, line => line.StartsWith($"Warning {typeof(AppendsAfterFailover).FullName}:", StringComparison.Ordinal)
            && line.Contains("Appends to the test log are kept", StringComparison.Ordinal));
    }

    /// <summary>
    /// A Redis restarted with its data (an append-only file) is another process that has every append: each is made
    /// again as nothing, and one line at Information says they were all there, with no warning of anything lost.
    /// </summary>
    [Fact]
    public async Task AppendsAnotherProcessAlreadyHoldsAreMadeAgainAsNothingAndSaidAtInformation()
    {
        await using var redis = await RedisServer.StartAsync("--appendonly", "yes", "--appendfsync", "always");
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var logs = new CapturedLogs();
        using var loggers = new LoggerFactory([logs]);
        var appends = TestRedisConnection.Appends(connection, loggers.CreateLogger<AppendsAfterFailover>());
        var multiplexer = (await connection.GetAsync())!;

        foreach (var entry in new[] { "a", "b", "c" })
        {
            await appends.RunAsync(multiplexer, "test log", AddOnce, ["set"], [entry]);
        }
        await appends.StartAsync(Json.Cancel);
        redis.Kill();
        await redis.RestartAsync();
        await Poll.Until(() => Task.FromResult(logs.Lines.Count(line => line.Contains(nameof(AppendsAfterFailover), StringComparison.Ordinal))),
            count => count > 0, TimeSpan.FromSeconds(30));
        await Task.Delay(AppendsAfterFailover.LookEvery * 2, Json.Cancel);
        var members = await multiplexer.GetDatabase().SetMembersAsync("set");
        await appends.StopAsync(Json.Cancel);

        Assert.Equal(["a", "b", "c"], members.Select(member => (string)member!).Order());
        var line = Assert.Single(logs.Lines, line => line.Contains(nameof(AppendsAfterFailover), StringComparison.Ordinal));
        Assert.StartsWith($"Information {typeof(AppendsAfterFailover).FullName}:", line, StringComparison.Ordinal);
        Assert.Contains("the 3 appends made lately to the one before were all there", line, StringComparison.Ordinal);
    }

    /// <summary>The list's length, or -1 while the restarted server cannot be asked yet.</summary>
    static async Task<long> LengthAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            return await multiplexer.GetDatabase().ListLengthAsync("list");
        }
        catch (RedisException)
        {
            return -1;
        }
    }
}
