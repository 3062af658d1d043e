using Classroom.Agora.Models;
using Gateway.Configuration;
using Gateway.Events;
using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Events;

/// <summary>An event log read and written straight, as an instance does: in a real redis-server, or in the process.</summary>
public sealed class LogUnderTest : IAsyncDisposable
{
    LogUnderTest(IEventLog log, RedisServer? redis, RedisConnection? connection) => (Log, Redis, _connection) = (log, redis, connection);

    readonly RedisConnection? _connection;

    public IEventLog Log { get; }

    /// <summary>The Redis the log is in; null for the log in the process.</summary>
    public RedisServer? Redis { get; }

    /// <summary>The name of the log's stream in <see cref="Redis"/>.</summary>
    public static string StreamKey => RedisEventLog.PrefixOf(SandboxKeys.Agora.Value.AppId!) + "log";

    public static async Task<LogUnderTest> StartAsync(bool withRedis, EventsOptions? options = null)
    {
        options ??= new EventsOptions();
        if (!withRedis)
        {
            return new(new InProcessEventLog(Options.Create(options), TimeProvider.System), null, null);
        }
        var redis = await RedisServer.StartAsync();
        var connection = TestRedisConnection.Create(redis.Configuration);
        return new(new RedisEventLog(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, Options.Create(options),
            NullLogger<RedisEventLog>.Instance), redis, connection);
    }

    public async Task AppendAsync(IEnumerable<AgoraEvent> events)
    {
        foreach (var batch in events.Chunk(500))
        {
            Assert.True(await Log.AppendAsync(batch, null, Json.Cancel));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }
}
