using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Configuration;
using Gateway.Events;
using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Events;

/// <summary>
/// A room's events read from the log as the attendance reads them: picked out where the log holds them, in Redis or in
/// the process, a bounded number of the log's events looked at a page.
/// </summary>
public sealed class RoomReadTests : IAsyncDisposable
{
    RedisServer? _redis;
    RedisConnection? _connection;

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    async Task<IEventLog> LogAsync(bool withRedis)
    {
        if (!withRedis)
        {
            return new InProcessEventLog(Options.Create(new EventsOptions()), TimeProvider.System);
        }
        _redis = await RedisServer.StartAsync();
        _connection = TestRedisConnection.Create(_redis.Configuration);
        return new RedisEventLog(_connection, TestRedisConnection.Appends(_connection), SandboxKeys.Agora, Options.Create(new EventsOptions()),
            NullLogger<RedisEventLog>.Instance);
    }

    static AgoraEvent Event(string room, long sequence) =>
        new(room, EventCmd.UsersChanged, sequence, 1, JsonDocument.Parse($$"""{"n":{{sequence}}}""").RootElement.Clone());

    static async Task AppendAsync(IEventLog log, IEnumerable<AgoraEvent> events)
    {
        foreach (var batch in events.Chunk(500))
        {
            Assert.True(await log.AppendAsync(batch, null, Json.Cancel));
        }
    }

    /// <summary>
    /// The room's events lie far apart among thousands of other rooms' (more than a page looks at between two of them):
    /// the whole room's read finds each of them once, in order, and no other room's.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AWholeRoomsReadFindsEveryEventOfTheRoomAndNoOther(bool withRedis)
    {
        var log = await LogAsync(withRedis);
        var events = Enumerable.Range(1, 3 * EventLogPage.MaxLookedAt)
            .Select(i => i % (EventLogPage.MaxLookedAt + 7) == 1 ? Event("maths", i) : Event($"room-{i % 13}", i)).ToList();
        await AppendAsync(log, events);

        var read = await log.ReadWholeRoomAsync("maths", Json.Cancel);

        Assert.Equal(events.Where(e => e.RoomUuid == "maths").Select(e => e.Sequence), read.Select(e => e.Event.Sequence));
        Assert.True(read.Count >= 3);
    }

    /// <summary>
    /// A page looks at no more than its bound of the log's events: past that many of other rooms' it is empty and its
    /// cursor has moved on, so that reading on from it reaches the room's next event; and it holds no more than its limit.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageLooksAtNoMoreThanItsBoundAndHoldsNoMoreThanItsLimit(bool withRedis)
    {
        var log = await LogAsync(withRedis);
        await AppendAsync(log, [.. Enumerable.Range(1, EventLogPage.MaxLookedAt).Select(i => Event("history", i)),
            Event("maths", 1), Event("history", -1), Event("maths", 2), Event("maths", 3)]);

        var passed = await log.ReadRoomAsync("maths", EventCursor.Start, 2, Json.Cancel);
        var first = await log.ReadRoomAsync("maths", passed.Next, 2, Json.Cancel);
        var second = await log.ReadRoomAsync("maths", first.Next, 2, Json.Cancel);
        var end = await log.ReadRoomAsync("maths", second.Next, 2, Json.Cancel);

        Assert.Empty(passed.Events);
        Assert.NotEqual(EventCursor.Start, passed.Next);
        Assert.Equal([1L, 2L], first.Events.Select(e => e.Event.Sequence));
        Assert.Equal([3L], second.Events.Select(e => e.Event.Sequence));
        Assert.Empty(end.Events);
        Assert.Equal(second.Next, end.Next);
    }
}
