using Classroom.Agora.Models;
using Gateway.Attendance;
using Gateway.Configuration;
using Gateway.Events;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using static Gateway.Tests.Events.RoomReadTests;

namespace Gateway.Tests.Attendance;

/// <summary>
/// The attendance's read of a room's events, kept by the instance between requests: read on from where it stopped, and
/// always what a read of the whole log gives, in Redis or in the process.
/// </summary>
public sealed class RoomEventsCacheTests
{
    static async Task<long[]> ReadAsync(RoomEventsCache cache, string room) =>
        [.. (await cache.ReadAsync(room, Json.Cancel)).Select(e => e.Event.Sequence)];

    /// <summary>What a reader that has kept nothing reads: the whole log, looked through.</summary>
    static async Task<long[]> ReadAfreshAsync(IEventLog log, string room)
    {
        using var fresh = new RoomEventsCache(log);
        return await ReadAsync(fresh, room);
    }

    /// <summary>
    /// The room's events lie far apart among thousands of other rooms' (more than a page looks at between two of them):
    /// the read finds each of them once, in order, and no other room's.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARoomsReadFindsEveryEventOfTheRoomAndNoOther(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis);
        var events = Enumerable.Range(1, 3 * EventLogPage.MaxLookedAt)
            .Select(i => i % (EventLogPage.MaxLookedAt + 7) == 1 ? Event("maths", i) : Event($"room-{i % 13}", i)).ToList();
        await under.AppendAsync(events);

        var read = await ReadAfreshAsync(under.Log, "maths");

        Assert.Equal(events.Where(e => e.RoomUuid == "maths").Select(e => e.Sequence), read);
        Assert.True(read.Length >= 3);
    }

    /// <summary>
    /// Asked again, the instance reads the log on from where its last read of the room stopped, not from the start, and
    /// answers what a whole read does: the room's earlier events and the ones logged since.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASecondReadReadsOnFromWhereTheFirstStopped(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis);
        var log = new ReadsSeen(under.Log);
        using var cache = new RoomEventsCache(log);
        await under.AppendAsync([Event("maths", 1), Event("history", 1), Event("maths", 2)]);
        await ReadAsync(cache, "maths");
        var end = await under.Log.GetEndAsync(Json.Cancel);
        await under.AppendAsync([Event("history", 2), Event("maths", 3)]);
        log.Afters.Clear();

        var read = await ReadAsync(cache, "maths");

        Assert.Equal([1L, 2L, 3L], read);
        Assert.Equal(end, log.Afters[0]);
        Assert.Equal(await ReadAfreshAsync(under.Log, "maths"), read);
    }

    /// <summary>
    /// Events the log trimmed since the last read are not answered from what the instance kept: the answer is what an
    /// instance that kept nothing gives (the log's bound is 100 events here; Redis trims about that many).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EventsTheLogTrimmedAreDroppedAsAWholeReadDropsThem(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis, new EventsOptions { RetentionEvents = 100 });
        using var cache = new RoomEventsCache(under.Log);
        await under.AppendAsync(Enumerable.Range(1, 50).Select(i => Event("maths", i)));
        Assert.Equal(50, (await ReadAsync(cache, "maths")).Length);
        await under.AppendAsync([.. Enumerable.Range(1, 400).Select(i => Event("history", i)), Event("maths", 51)]);

        var read = await ReadAsync(cache, "maths");

        Assert.Equal(await ReadAfreshAsync(under.Log, "maths"), read);
        Assert.Equal([51L], read);
    }

    /// <summary>
    /// Redis lost its newest writes (a failover to a replica that had not got them): the last event the instance read is
    /// no longer in the log, and the room is read again from the start rather than kept with events the log lost.
    /// </summary>
    [Fact]
    public async Task ALogThatLostTheLastEventReadIsReadAgainFromTheStart()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        using var cache = new RoomEventsCache(under.Log);
        await under.AppendAsync([Event("maths", 1), Event("maths", 2), Event("maths", 3)]);
        var before = await ReadAsync(cache, "maths");
        Assert.Equal([1L, 2L, 3L], before);
        var lost = await under.Log.GetEndAsync(Json.Cancel);
        Assert.Equal("1", (await under.Redis!.CliAsync("XDEL", LogUnderTest.StreamKey, lost.StreamId)).Trim());
        await under.AppendAsync([Event("maths", 4)]);

        var read = await ReadAsync(cache, "maths");

        Assert.Equal([1L, 2L, 4L], read);
    }

    /// <summary>
    /// A Redis without persistence restarted between two asks, and written to again before the second: every event read
    /// before is gone, and the answer is the new log's alone, as a whole read gives it, though the new events order after
    /// the last one read.
    /// </summary>
    [Fact]
    public async Task ALogRestartedEmptyAndWrittenAgainAnswersItsNewEventsAlone()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        using var cache = new RoomEventsCache(under.Log);
        await under.AppendAsync([Event("maths", 1), Event("history", 1), Event("maths", 2)]);
        Assert.Equal(2, (await ReadAsync(cache, "maths")).Length);

        await under.Redis!.RestartAsync();
        await Poll.Until(async () =>
        {
            try
            {
                return await under.Log.AppendAsync([Event("maths", 7)], null, Json.Cancel);
            }
            catch (EventLogUnavailableException)
            {
                return false;
            }
        }, appended => appended);
        await under.AppendAsync([Event("history", 2), Event("maths", 8)]);
        var read = await ReadAsync(cache, "maths");

        Assert.Equal([7L, 8L], read);
        Assert.Equal(await ReadAfreshAsync(under.Log, "maths"), read);
    }

    /// <summary>
    /// Asks for a room the instance has not read yet, made while the first of them reads, wait for that read and read on
    /// from where it stopped: each read the whole log from the start, as many times as teachers opened the page at once.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AsksForARoomMadeAtOnceReadTheLogFromTheStartOnce(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis);
        await under.AppendAsync([Event("maths", 1), Event("history", 1), Event("maths", 2)]);
        var log = new ReadsSeen(under.Log) { HoldFromTheStart = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var cache = new RoomEventsCache(log);

        var asks = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ReadAsync(cache, "maths"))).ToList();
        // Bounded: with one read from the start, the rest wait for it and are never seen here.
        await Poll.Until(() => Task.FromResult(log.FromTheStart), seen => seen == asks.Count, TimeSpan.FromSeconds(3));
        log.HoldFromTheStart.SetResult();
        var read = await Task.WhenAll(asks);

        Assert.Equal(1, log.FromTheStart);
        Assert.All(read, r => Assert.Equal([1L, 2L], r));
    }

    /// <summary>The log as it is, each room read's cursor noted.</summary>
    sealed class ReadsSeen(IEventLog inner) : IEventLog
    {
        public List<EventCursor> Afters { get; } = [];

        public Task NextAppend => inner.NextAppend;

        public Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken) =>
            inner.AppendAsync(events, fence, cancellationToken);

        public Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken) =>
            inner.ReadAsync(after, limit, cancellationToken);

        /// <summary>While set, a read from the start waits for it, so that asks made meanwhile find that read under way.</summary>
        public TaskCompletionSource? HoldFromTheStart { get; set; }

        public int FromTheStart
        {
            get
            {
                lock (Afters)
                {
                    return Afters.Count(after => after == EventCursor.Start);
                }
            }
        }

        public async Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken)
        {
            lock (Afters)
            {
                Afters.Add(after);
            }
            if (after == EventCursor.Start && HoldFromTheStart is { } hold)
            {
                await hold.Task;
            }
            return await inner.ReadRoomAsync(roomUuid, after, limit, cancellationToken);
        }

        public Task<EventCursor> GetEndAsync(CancellationToken cancellationToken) => inner.GetEndAsync(cancellationToken);

        public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken) => inner.GetStartAsync(cancellationToken);

        public Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken) => inner.HoldsAsync(cursor, cancellationToken);

        public EventCursor Before(DateTimeOffset instant) => inner.Before(instant);
    }
}
