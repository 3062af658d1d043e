using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Events;

/// <summary>The lease and the log straight against a real redis-server, as two instances would use them.</summary>
public sealed class RedisEventLogTests : IAsyncDisposable
{
    readonly List<RedisConnection> _connections = [];

    RedisEventLog Instance(RedisServer redis, int leaseSeconds = 10, int? commandTimeoutMilliseconds = null)
    {
        var connection = TestRedisConnection.Create(redis.Configuration, commandTimeoutMilliseconds);
        _connections.Add(connection);
        return new RedisEventLog(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, Options.Create(new EventsOptions { LeaseSeconds = leaseSeconds }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisEventLog>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    static AgoraEvent Event(string room, long sequence) =>
        new(room, EventCmd.ClassState, sequence, 1, JsonDocument.Parse($$"""{"n":{{sequence}}}""").RootElement.Clone());

    /// <summary>
    /// Each entry names the one appended before it, by which a read tells that the retention trimmed events after its cursor.
    /// The entries an earlier version wrote name none: a read from before the oldest of them kept cannot tell whether it
    /// missed any and says it did; one from an entry the log holds, that it did not. The first entry appended after Redis
    /// lost everything names none either: a cursor from before the loss missed what the lost stream held after it.
    /// </summary>
    [Fact]
    public async Task AReadSaysItMissedEventsWhereTheLogCannotTellWhichCameBeforeItsFirst()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        var written = new List<EventCursor>();
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            var id = await under.Redis!.CliAsync("XADD", LogUnderTest.StreamKey, "*", "room", "maths", "event",
                JsonSerializer.Serialize(Event("maths", sequence), AgoraJson.Stored));
            Assert.True(EventCursor.TryParseStreamId(id.Trim(), out var cursor));
            written.Add(cursor);
        }
        await under.AppendAsync([Event("maths", 4)]);
        var appended = await under.Log.GetEndAsync(Json.Cancel);
        await under.Redis!.CliAsync("XTRIM", LogUnderTest.StreamKey, "MINID", written[1].StreamId);

        var beforeTheOldest = await under.Log.ReadAsync(written[0], 1, Json.Cancel);
        var fromAHeldOne = await under.Log.ReadAsync(written[1], 1, Json.Cancel);
        var fromTheLastWritten = await under.Log.ReadAsync(written[2], 1, Json.Cancel);
        await under.Redis.CliAsync("DEL", LogUnderTest.StreamKey, SandboxKeys.Events + "log-last"); // Redis lost everything
        await under.AppendAsync([Event("maths", 5)]);
        var fromTheLostLog = await under.Log.ReadAsync(appended, 1, Json.Cancel);
        var fromTheStart = await under.Log.ReadAsync(EventCursor.Start, 1, Json.Cancel);

        Assert.Equal([(2L, true), (3L, false), (4L, false), (5L, true), (5L, false)],
            new[] { beforeTheOldest, fromAHeldOne, fromTheLastWritten, fromTheLostLog, fromTheStart }
                .Select(page => (Assert.Single(page.Events).Event.Sequence, page.Missed)));
    }

    /// <summary>
    /// Redis restarted from an older snapshot (here the log's keys put back as they were two events earlier): a client's
    /// cursor past the end of the log it then held named an event the log lost, and the one appended after it was lost too,
    /// yet the read that led it back to the log's end said it missed none; nor did it once an event was appended since,
    /// which names the log's end as the entry before it, not the cursor's. Both say so; a read from the log's end, an event
    /// the log holds, does not.
    /// </summary>
    [Fact]
    public async Task AReadFromACursorPastTheEndOfALogThatLostItsNewestEventsSaysItMissedThem()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(under.Redis!.Configuration);
        var db = connection.GetDatabase();
        StackExchange.Redis.RedisKey[] keys = [LogUnderTest.StreamKey, SandboxKeys.Events + "log-last"];
        await under.AppendAsync([Event("maths", 1), Event("maths", 2)]);
        var end = await under.Log.GetEndAsync(Json.Cancel);
        var snapshot = await Task.WhenAll(keys.Select(key => db.KeyDumpAsync(key)));
        await under.AppendAsync([Event("maths", 3)]);
        var lastRead = await under.Log.GetEndAsync(Json.Cancel);
        await under.AppendAsync([Event("maths", 4)]);
        await db.KeyDeleteAsync(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            await db.KeyRestoreAsync(keys[i], snapshot[i]!);
        }

        var past = await under.Log.ReadAsync(lastRead, 10, Json.Cancel);
        var pastInTheRoom = await under.Log.ReadRoomAsync("maths", lastRead, 10, Json.Cancel);
        var fromTheEnd = await under.Log.ReadAsync(past.Next, 10, Json.Cancel);
        await under.AppendAsync([Event("maths", 5)]);
        var appendedSince = await under.Log.ReadAsync(lastRead, 10, Json.Cancel);
        var appendedSinceInTheRoom = await under.Log.ReadRoomAsync("maths", lastRead, 10, Json.Cancel);
        var fromTheOldEnd = await under.Log.ReadAsync(end, 10, Json.Cancel);

        Assert.Equal((0, end), (past.Events.Count, past.Next));
        Assert.True(past.Missed, "the read from a cursor past the end of the lost log said it missed nothing");
        Assert.True(pastInTheRoom.Missed);
        Assert.False(fromTheEnd.Missed);
        Assert.Equal([5L], appendedSince.Events.Select(e => e.Event.Sequence));
        Assert.True(appendedSince.Missed, "the read from a cursor the log lost, with an event appended since, said it missed nothing");
        Assert.True(appendedSinceInTheRoom.Missed);
        Assert.False(fromTheOldEnd.Missed);
    }

    /// <summary>
    /// A read from a position between entries (<see cref="IEventLog.Before"/>, where the follower of room changes starts)
    /// finds the first entry after it naming one before it, as a read from a cursor the log lost does; the position names
    /// no event, and nothing was missed.
    /// </summary>
    [Fact]
    public async Task AReadFromBeforeAMomentBetweenTwoEntriesMissesNothing()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        await under.AppendAsync([Event("maths", 1)]);
        await Task.Delay(20, Json.Cancel);
        var between = under.Log.Before(DateTimeOffset.UtcNow);
        await Task.Delay(20, Json.Cancel);
        await under.AppendAsync([Event("maths", 2)]);

        var page = await under.Log.ReadAsync(between, 10, Json.Cancel);

        Assert.Equal([2L], page.Events.Select(e => e.Event.Sequence));
        Assert.False(page.Missed);
    }

    /// <summary>
    /// The log keeps the id of its last append beside the stream, to name it in the next entry without reading the stream's
    /// last entry whole. An entry another writer appended in between (an instance of an earlier version, in a rolling
    /// upgrade) is the one the next entry names: named after the one before it, a read from that one's cursor, once both
    /// are trimmed, would not say that it missed the entry in between.
    /// </summary>
    [Fact]
    public async Task AnEntryAppendedAfterOneAnotherWriterAppendedNamesThatOne()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        await under.AppendAsync([Event("maths", 1)]);
        var first = await under.Log.GetEndAsync(Json.Cancel);
        var id = await under.Redis!.CliAsync("XADD", LogUnderTest.StreamKey, "*", "room", "maths", "event",
            JsonSerializer.Serialize(Event("maths", 2), AgoraJson.Stored));
        Assert.True(EventCursor.TryParseStreamId(id.Trim(), out var between));
        await under.AppendAsync([Event("maths", 3)]);
        await under.Redis.CliAsync("XTRIM", LogUnderTest.StreamKey, "MINID", (await under.Log.GetEndAsync(Json.Cancel)).StreamId);

        var fromTheFirst = await under.Log.ReadAsync(first, 1, Json.Cancel);
        var fromTheOneBetween = await under.Log.ReadAsync(between, 1, Json.Cancel);

        Assert.Equal([(3L, true), (3L, false)], new[] { fromTheFirst, fromTheOneBetween }
            .Select(page => (Assert.Single(page.Events).Event.Sequence, page.Missed)));
    }

    /// <summary>
    /// An append answers the Redis process that took it (<see cref="AppendsAfterFailover"/>) by <c>INFO</c>, which a
    /// managed Redis may not let scripts call: the append is made all the same.
    /// </summary>
    [Fact]
    public async Task AnAppendIsMadeWhereScriptsMayNotCallInfo()
    {
        await using var redis = await RedisServer.StartAsync("--rename-command", "INFO", "");
        var log = Instance(redis);
        var fence = await log.TryHoldAsync(null, Json.Cancel);

        var appended = await log.AppendAsync([Event("room-1", 1), Event("room-1", 2)], fence, Json.Cancel);
        var page = await log.ReadAsync(EventCursor.Start, 10, Json.Cancel);

        Assert.True(appended);
        Assert.Equal([1L, 2L], page.Events.Select(e => e.Event.Sequence));
    }

    /// <summary>
    /// With <c>Events:ReplicasToAcknowledge</c>, an append Redis took whose wait for the replicas got no answer in time
    /// (the replica lags and the primary hangs before it answers the wait) stands: it is not reported unstored, so the
    /// poller neither holds its events nor stores them again, and the wait's end is said in a warning naming what no
    /// replica was seen to hold.
    /// </summary>
    [Fact]
    public async Task AnAppendWhoseWaitForReplicasGetsNoAnswerInTimeStandsAndIsSaid()
    {
        await using var primary = await RedisServer.StartAsync();
        await using var replica = await primary.StartReplicaAsync();
        var connection = await TestRedisConnection.ConnectedAsync(primary.Configuration, commandTimeoutMilliseconds: 4000);
        _connections.Add(connection);
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var log = new RedisEventLog(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora,
            Options.Create(new EventsOptions { ReplicasToAcknowledge = 1 }), loggers.CreateLogger<RedisEventLog>());
        var fence = await log.TryHoldAsync(null, Json.Cancel);
        AgoraEvent[] batch = [Event("room-1", 1), Event("room-1", 2)];

        // The replica lags: the wait for it lasts half the command timeout on the primary, which hangs meanwhile, so the
        // wait's answer comes after the client gave up on it.
        replica.Freeze();
        var appending = log.AppendAsync(batch, fence, Json.Cancel);
        await Poll.Until(() => primary.CliAsync("xlen", SandboxKeys.Events + "log"), length => length.Trim() == "2");
        primary.Freeze();
        var answered = await Record.ExceptionAsync(() => appending);
        primary.Thaw();
        replica.Thaw();
        var stored = (await log.ReadAsync(EventCursor.Start, 10, Json.Cancel)).Events;

        Assert.Null(answered);
        Assert.True(await appending);
        Assert.Equal([1L, 2L], stored.Select(e => e.Event.Sequence));
        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("2 appended events", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCallToTheLogWaitsForRedisAsLongAsTheCommandTimeoutSaysAndNoLonger()
    {
        await using var redis = await RedisServer.StartAsync();
        var patient = Instance(redis, commandTimeoutMilliseconds: 10_000);
        var hasty = Instance(redis, commandTimeoutMilliseconds: 100);
        await patient.GetEndAsync(Json.Cancel);
        // Connected and answered once: on a busy machine a first call can take longer than 100 ms before Redis is frozen.
        Assert.True(await Poll.Until(async () =>
        {
            try
            {
                await hasty.GetEndAsync(Json.Cancel);
                return true;
            }
            catch (EventLogUnavailableException)
            {
                return false;
            }
        }, answered => answered));

        redis.Freeze();
        var waiting = patient.ReadAsync(EventCursor.Start, 10, Json.Cancel);
        var gaveUp = await Record.ExceptionAsync(() => hasty.ReadAsync(EventCursor.Start, 10, Json.Cancel).WaitAsync(TimeSpan.FromSeconds(8), Json.Cancel));
        var leaseGaveUp = await Record.ExceptionAsync(() => hasty.TryHoldAsync(null, Json.Cancel).WaitAsync(TimeSpan.FromSeconds(8), Json.Cancel));
        // Longer than the default timeout, far shorter than the patient one.
        await Task.Delay(TimeSpan.FromSeconds(1), Json.Cancel);
        var stillWaiting = !waiting.IsCompleted;
        redis.Thaw();
        var page = await waiting;

        Assert.IsType<EventLogUnavailableException>(gaveUp);
        Assert.IsType<EventLogUnavailableException>(leaseGaveUp);
        Assert.True(stillWaiting);
        Assert.Empty(page.Events);
    }

    [Fact]
    public async Task OneInstanceHoldsTheLeaseUntilItLetsGoAndEachHolderGetsANewFencingToken()
    {
        await using var redis = await RedisServer.StartAsync();
        var a = Instance(redis);
        var b = Instance(redis);

        var heldByA = await a.TryHoldAsync(null, Json.Cancel);
        var refusedToB = await b.TryHoldAsync(null, Json.Cancel);
        var renewedByA = await a.TryHoldAsync(heldByA, Json.Cancel);
        await a.ReleaseAsync(heldByA!, Json.Cancel);
        var heldByB = await b.TryHoldAsync(null, Json.Cancel);
        var refusedToA = await a.TryHoldAsync(heldByA, Json.Cancel);

        Assert.NotNull(heldByA);
        Assert.Null(refusedToB);
        Assert.Equal(heldByA, renewedByA);
        Assert.NotNull(heldByB);
        Assert.NotEqual(heldByA, heldByB);
        Assert.Null(refusedToA);
    }

    [Fact]
    public async Task ADeposedHolderAppendsNothingAndARetriedAppendNeverDuplicates()
    {
        await using var redis = await RedisServer.StartAsync();
        var a = Instance(redis);
        var b = Instance(redis);
        var deposed = (await a.TryHoldAsync(null, Json.Cancel))!;
        await a.ReleaseAsync(deposed, Json.Cancel);
        var current = (await b.TryHoldAsync(null, Json.Cancel))!;
        AgoraEvent[] batch = [Event("room-1", 1), Event("room-2", 1), Event("room-1", 2)];

        var byDeposed = await a.AppendAsync(batch, deposed, Json.Cancel);
        var byCurrent = await b.AppendAsync(batch, current, Json.Cancel);
        var retried = await b.AppendAsync([.. batch, Event("room-1", 3)], current, Json.Cancel);
        var page = await a.ReadAsync(EventCursor.Start, 100, Json.Cancel);

        Assert.False(byDeposed);
        Assert.True(byCurrent);
        Assert.True(retried);
        Assert.Equal(["room-1/1", "room-2/1", "room-1/2", "room-1/3"], page.Events.Select(e => $"{e.Event.RoomUuid}/{e.Event.Sequence}"));
        Assert.Equal(page.Events[^1].Cursor, page.Next);
        Assert.Equal(page.Next, await b.GetEndAsync(Json.Cancel));
    }

    /// <summary>
    /// A room id used again after its room was destroyed starts again at sequence 1, and its events may say just what
    /// the old room's said: they are new events all the same, and only the same event stored again is a duplicate.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AReusedRoomsEventsAreStoredThoughTheySayWhatTheOldRoomsSaid(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        IEventLog log = redis is null
            ? new InProcessEventLog(Options.Create(new EventsOptions()), TimeProvider.System)
            : Instance(redis);
        var fence = await ((IPollerLease)log).TryHoldAsync(null, Json.Cancel);
        AgoraEvent[] oldRoom = [Event("room-1", 1), Event("room-1", 2)];
        AgoraEvent[] newRoom = [Event("room-1", 1)];

        await log.AppendAsync(oldRoom, fence, Json.Cancel);
        await log.AppendAsync(newRoom, fence, Json.Cancel);
        await log.AppendAsync([.. newRoom, .. oldRoom], fence, Json.Cancel);
        var page = await log.ReadAsync(EventCursor.Start, 100, Json.Cancel);

        Assert.Equal(JsonSerializer.Serialize(oldRoom[0]), JsonSerializer.Serialize(newRoom[0]));
        Assert.Equal(["room-1/1", "room-1/2", "room-1/1"], page.Events.Select(e => $"{e.Event.RoomUuid}/{e.Event.Sequence}"));
    }

    /// <summary>
    /// The last position a stream id can name has nothing after it: a read after it is empty, not the log from its start, and
    /// goes on from the log's end, which it is past.
    /// </summary>
    [Fact]
    public async Task NothingFollowsTheLastCursorAStreamIdCanName()
    {
        await using var redis = await RedisServer.StartAsync();
        var log = Instance(redis);
        await log.AppendAsync([Event("room-1", 1)], await ((IPollerLease)log).TryHoldAsync(null, Json.Cancel), Json.Cancel);
        var last = new EventCursor(ulong.MaxValue, ulong.MaxValue);

        var page = await log.ReadAsync(last, 100, Json.Cancel);

        Assert.Single((await log.ReadAsync(EventCursor.Start, 100, Json.Cancel)).Events);
        Assert.Empty(page.Events);
        Assert.Equal(await log.GetEndAsync(Json.Cancel), page.Next);
    }

    [Fact]
    public async Task ALeaseThatIsNotRenewedPassesToAnotherInstance()
    {
        await using var redis = await RedisServer.StartAsync();
        var a = Instance(redis, leaseSeconds: 1);
        var b = Instance(redis, leaseSeconds: 60); // still held when a tries again, however slow the machine
        var heldByA = await a.TryHoldAsync(null, Json.Cancel);

        var heldByB = await Poll.Until(() => b.TryHoldAsync(null, Json.Cancel), held => held is not null);

        Assert.NotNull(heldByA);
        Assert.NotNull(heldByB);
        Assert.Null(await a.TryHoldAsync(heldByA, Json.Cancel));
    }

    [Fact]
    public async Task ReadersOfAnotherInstanceWakeOnAnAppend()
    {
        await using var redis = await RedisServer.StartAsync();
        var writer = Instance(redis);
        var reader = Instance(redis);
        await reader.ReadAsync(EventCursor.Start, 1, Json.Cancel); // subscribes
        var fence = (await writer.TryHoldAsync(null, Json.Cancel))!;
        var woken = reader.NextAppend;

        await Poll.Until(async () =>
        {
            await writer.AppendAsync([Event("room-1", 1)], fence, Json.Cancel);
            return woken.IsCompleted;
        }, done => done);

        Assert.True(woken.IsCompletedSuccessfully);
    }
}
