using System.Collections.Concurrent;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// A resumed room stream catches up on its room's events as the log picks them out where it holds them, in Redis or in
/// the process: a reconnection after the log has taken a hundred thousand events of every room reads its room's, not all.
/// </summary>
public sealed class RoomStreamCatchUpTests
{
    /// <summary>
    /// The catch-up asks the log for the room's events alone, and is handed no other room's, across more of them than a
    /// room's page looks at (its first page holds none and moves on) and many times its page size; the stream carries the
    /// room's events in order, once each, under their ids in the whole log, then the live ones after them.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AResumedStreamCatchesUpOnItsRoomsEventsAloneInOrderUnderTheLogsIds(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        var reads = new StreamReads();
        await using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration });
        await using var gateway = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(reads);
            services.AddSingleton<IEventLog>(provider => new RecordingEventLog(
                withRedis ? provider.GetRequiredService<RedisEventLog>() : provider.GetRequiredService<InProcessEventLog>(), reads));
        }));
        using var student = gateway.CreateClient();
        student.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<IEventLog>();
        // The instance's reader hands over the last event appended: the stream that opens next takes over from the log's end.
        using var art = await gateway.Services.GetRequiredService<RoomEventHub>().SubscribeOnceReachedAsync("art");
        await AppendAsync(log, [.. Enumerable.Range(1, EventLogPage.MaxLookedAt + 1000).Select(i => Event("history", i)),
            .. Enumerable.Range(1, 6000).Select(i => i % 25 == 0 ? Event("maths", i) : Event("geography", i)), Event("art", 1)]);
        await art.Events.ReadAsync(Json.Cancel).AsTask().WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        var expected = (await ReadWholeLogAsync(log)).Where(e => e.Event.RoomUuid == "maths").ToList();

        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream", lastEventId: EventCursor.Start.ToString());
        await stream.ReadAsync();
        var caughtUp = await ReadEventsAsync(stream, expected.Count);
        await AppendAsync(log, [Event("geography", 7001), Event("maths", 7002)]);
        var live = Assert.Single(await ReadEventsAsync(stream, 1));

        Assert.Equal(240, expected.Count);
        Assert.Equal(expected.Select(e => (e.Cursor.ToString(), e.Event.Sequence)), caughtUp.Select(m => (m.Id!, SequenceOf(m))));
        Assert.Equal(7002, SequenceOf(live));
        Assert.True(EventCursor.TryParse(live.Id!, out var liveCursor) && liveCursor.CompareTo(expected[^1].Cursor) > 0);
        var made = reads.Made.ToList();
        Assert.NotEmpty(made);
        Assert.Equal(0, made.Sum(read => read.OtherRoomsEvents));
        Assert.All(made, read => Assert.Equal("maths", read.RoomUuid));
    }

    /// <summary>
    /// A log that ends before the position the instance's reader took over from (Redis restarted empty, or a failover lost its
    /// newest writes) ends the catch-up where it ends: the stream goes on with the events appended from then on, rather than
    /// reading on from the log's end again and again until something is appended. The events are another instance's, which
    /// this one does not append again. The client's last event was lost with the log, and the one after it too, which the
    /// stream resumed without a word of: it says <c>missed</c> first.
    /// </summary>
    [Fact]
    public async Task AResumedStreamOverALogThatLostItsNewestEventsSaysItMissedThemAndGoesOnWithTheNextOnes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Events:HeartbeatSeconds"] = "1",
        });
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        string lastSeen;
        await using (var first = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream"))
        {
            await first.ReadAsync();
            await AppendElsewhereAsync(redis, Event("maths", 1));
            await AppendElsewhereAsync(redis, Event("maths", 2));
            lastSeen = (await first.ReadEventAsync()).Id!;
            await first.ReadEventAsync(); // handed over by the reader, which has gone past the event the client resumes after
        }
        await redis.RestartAsync();
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        // The reader went back to the empty log's start, and told the streams then open that it may have missed events.
        var hub = gateway.Services.GetRequiredService<RoomEventHub>();
        Assert.True(EventCursor.TryParse(lastSeen, out var lastSeenCursor));
        await Poll.Until(() =>
        {
            using var probe = hub.Subscribe("art");
            return Task.FromResult(probe?.From ?? lastSeenCursor);
        }, position => position.CompareTo(lastSeenCursor) < 0, TimeSpan.FromSeconds(20));

        await using var resumed = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream", lastEventId: lastSeen);
        await resumed.ReadAsync();
        var missed = await resumed.ReadAsync();
        var idle = await resumed.ReadAsync();
        await AppendElsewhereAsync(redis, Event("maths", 3));
        var next = await resumed.ReadEventAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, resumed.Response.StatusCode);
        Assert.Equal(("missed", null, ""), (missed?.Event, missed?.Id, missed?.Data));
        Assert.Equal("ping", idle?.Event); // caught up, it waits for the reader's events, and says it is alive meanwhile
        Assert.Equal(3, SequenceOf(next));
    }

    /// <summary>
    /// A <c>Last-Event-ID</c> past the log's end names no event the log holds (a Redis whose newest writes a failover lost, a
    /// client's own making): kept as the last event sent, it made the stream pass over every event appended before it as
    /// sent already, Redis's for as long as its clock takes to reach it. The stream goes on as a new one does.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AStreamResumedFromACursorPastTheLogsEndCarriesTheEventsAppendedFromThenOn(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis?.Configuration,
            ["Events:HeartbeatSeconds"] = "1",
        });
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<IEventLog>();
        using var art = await gateway.Services.GetRequiredService<RoomEventHub>().SubscribeOnceReachedAsync("art");
        await AppendAsync(log, [Event("maths", 1), Event("art", 1)]);
        await art.Events.ReadAsync(Json.Cancel).AsTask().WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        var end = await log.GetEndAsync(Json.Cancel);
        // Redis numbers its next entries by its clock, the process by a count: a day ahead, and a thousand, neither reached.
        var ahead = withRedis ? end with { Ms = end.Ms + 86_400_000 } : end with { Seq = end.Seq + 1000 };

        await using var resumed = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream", lastEventId: ahead.ToString());
        await resumed.ReadAsync();
        await AppendAsync(log, [Event("maths", 2)]);
        var next = await resumed.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);

        Assert.Equal(System.Net.HttpStatusCode.OK, resumed.Response.StatusCode);
        Assert.Equal(2, SequenceOf(next));
    }

    /// <summary>
    /// A stream resumed from a <c>Last-Event-ID</c> whose following events the retention trimmed went on from the oldest
    /// event kept as if it had missed none. It says <c>missed</c> first, without an id, which would move the client's; one
    /// resumed from the event just before the oldest kept, whose next event is the first it sends, says nothing.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AStreamResumedFromAnEventWhoseNextOnesWereTrimmedSaysItMissedThem(bool withRedis)
    {
        const int Retention = 100;
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis?.Configuration,
            ["Events:RetentionEvents"] = Retention.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<IEventLog>();
        var cursors = new List<EventCursor>();
        using (var art = await gateway.Services.GetRequiredService<RoomEventHub>().SubscribeOnceReachedAsync("art"))
        {
            for (var sequence = 1; sequence <= 3 * Retention; sequence++)
            {
                await AppendAsync(log, [Event("maths", sequence)]);
                cursors.Add(await log.GetEndAsync(Json.Cancel));
            }
            await AppendAsync(log, [Event("art", 1)]);
            await art.Events.ReadAsync(Json.Cancel).AsTask().WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        }
        var oldest = cursors.IndexOf((await log.ReadAsync(EventCursor.Start, 1, Json.Cancel)).Events[0].Cursor);

        await using var trimmed = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream", lastEventId: cursors[0].ToString());
        var opening = await trimmed.ReadAsync();
        var missed = await trimmed.ReadAsync();
        var first = await trimmed.ReadAsync();
        await using var atTheEdge = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream",
            lastEventId: cursors[oldest - 1].ToString());
        await atTheEdge.ReadAsync();
        var next = await atTheEdge.ReadAsync();

        Assert.Equal("ping", opening?.Event);
        Assert.Equal(("missed", null, ""), (missed?.Event, missed?.Id, missed?.Data));
        Assert.Equal((cursors[oldest].ToString(), oldest + 1L), (first?.Id, SequenceOf(first!)));
        Assert.Equal((cursors[oldest].ToString(), oldest + 1L), (next?.Id, SequenceOf(next!)));
    }

    /// <summary>
    /// A failover from a primary whose clock ran ahead (a day here) loses the entries it numbered ahead of the promoted one's:
    /// the instance's reader, which had read them, kept its place after them and passed over every event numbered before
    /// it, for as long as Redis's clock took to get there, from the streams open on the instance and from those opened
    /// since alike. It goes on from the log's end, and both streams carry the next event, the one open when the log lost
    /// the reader's place after a <c>missed</c>.
    /// </summary>
    [Fact]
    public async Task TheInstancesReaderWhosePlaceTheLogLostAheadOfItsClockGoesOnFromTheLogsEnd()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        var hub = gateway.Services.GetRequiredService<RoomEventHub>();
        await using var openBefore = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream");
        await openBefore.ReadAsync();
        var ahead = new EventCursor((ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(), 0);
        using (var art = await hub.SubscribeOnceReachedAsync("art"))
        {
            await redis.CliAsync("XADD", LogUnderTest.StreamKey, ahead.StreamId, "room", "art", "event",
                JsonSerializer.Serialize(Event("art", 1), AgoraJson.Stored));
            await art.Events.ReadAsync(Json.Cancel).AsTask().WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        }
        await redis.CliAsync("DEL", LogUnderTest.StreamKey); // the failover lost it
        var from = await Poll.Until(() =>
        {
            using var probe = hub.Subscribe("art")!;
            return Task.FromResult(probe.From);
        }, position => position.CompareTo(ahead) < 0, TimeSpan.FromSeconds(20));
        await using var openedSince = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream");
        await openedSince.ReadAsync();

        await AppendElsewhereAsync(redis, Event("maths", 1));
        var missed = await openBefore.ReadNotPingAsync();
        var toTheFirst = await openBefore.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        var toTheSecond = await openedSince.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);

        Assert.True(from.CompareTo(ahead) < 0, $"the reader stayed at {from.StreamId}, after the entry lost");
        Assert.Equal(("missed", null), (missed.Event, missed.Id)); // open when the log lost the reader's place
        Assert.Equal(1, SequenceOf(toTheFirst));
        Assert.Equal(1, SequenceOf(toTheSecond));
    }

    static Task AppendElsewhereAsync(RedisServer redis, AgoraEvent appended) => redis.CliAsync("XADD", LogUnderTest.StreamKey, "*",
        "room", appended.RoomUuid, "event", JsonSerializer.Serialize(appended, AgoraJson.Stored));

    static AgoraEvent Event(string room, long sequence) =>
        new(room, EventCmd.ChatMessage, sequence, 1, JsonSerializer.SerializeToElement(new { message = $"message {sequence}" }));

    /// <summary>The stream's next <paramref name="count"/> events, within a minute: a stream that passed some over sends pings meanwhile.</summary>
    static async Task<List<SseReader.Message>> ReadEventsAsync(SseReader stream, int count)
    {
        var events = new List<SseReader.Message>();
        var reading = Task.Run(async () =>
        {
            while (events.Count < count)
            {
                events.Add(await stream.ReadEventAsync());
            }
        });
        await reading.WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        return events;
    }

    static long SequenceOf(SseReader.Message message) => JsonDocument.Parse(message.Data!).RootElement.GetProperty("sequence").GetInt64();

    static async Task AppendAsync(IEventLog log, IEnumerable<AgoraEvent> events)
    {
        foreach (var batch in events.Chunk(500))
        {
            Assert.True(await log.AppendAsync(batch, null, Json.Cancel));
        }
    }

    static async Task<List<LoggedEvent>> ReadWholeLogAsync(IEventLog log)
    {
        var (events, after) = (new List<LoggedEvent>(), EventCursor.Start);
        while (await log.ReadAsync(after, EventLogEndpoints.MaxLimit, Json.Cancel) is { Events.Count: > 0 } page)
        {
            events.AddRange(page.Events);
            after = page.Next;
        }
        return events;
    }

    /// <summary>What a read of the log asked and was handed: the room asked for (null: every room's) and other rooms' events.</summary>
    sealed record Read(string? RoomUuid, int OtherRoomsEvents);

    /// <summary>The reads of the log that room streams' requests made, each marked by this instance's pipeline as it runs them.</summary>
    sealed class StreamReads : IStartupFilter
    {
        readonly AsyncLocal<string?> _streamOf = new();

        public ConcurrentQueue<Read> Made { get; } = new();

        /// <summary>The room of the stream whose request is running here; null outside one (the instance's own readers).</summary>
        public string? StreamOf => _streamOf.Value;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                var path = context.Request.Path.Value!;
                _streamOf.Value = path.EndsWith("/events/stream", StringComparison.Ordinal) ? path.Split('/')[4] : null;
                await inner(context);
            });
            next(app);
        };
    }

    sealed class RecordingEventLog(IEventLog inner, StreamReads reads) : IEventLog
    {
        public Task NextAppend => inner.NextAppend;

        public Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken) =>
            inner.AppendAsync(events, fence, cancellationToken);

        public async Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken) =>
            Record(null, await inner.ReadAsync(after, limit, cancellationToken));

        public async Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken) =>
            Record(roomUuid, await inner.ReadRoomAsync(roomUuid, after, limit, cancellationToken));

        EventLogPage Record(string? roomUuid, EventLogPage page)
        {
            if (reads.StreamOf is { } streamOf)
            {
                reads.Made.Enqueue(new Read(roomUuid, page.Events.Count(e => e.Event.RoomUuid != streamOf)));
            }
            return page;
        }

        public Task<EventCursor> GetEndAsync(CancellationToken cancellationToken) => inner.GetEndAsync(cancellationToken);

        public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken) => inner.GetStartAsync(cancellationToken);

        public Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken) => inner.HoldsAsync(cursor, cancellationToken);

        public EventCursor Before(DateTimeOffset instant) => inner.Before(instant);
    }
}
