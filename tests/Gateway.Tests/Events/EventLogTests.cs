using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Events;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Configuration;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Events;

public sealed class EventLogTests
{
    [Fact]
    public async Task EveryPolledEventIsInTheLogOnceInOrderAndNextGoesOnFromTheLastOne()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var produced = queue.Produce("room-1", 130).Concat(queue.Produce("room-2", 90)).Concat(queue.Produce("room-1", 30)).ToList();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        await admin.WaitForLogAsync(produced.Count);
        var (events, next) = await admin.ReadAllAsync(limit: 40);
        var more = queue.Produce("room-3", 2);
        var rest = await Poll.Until(() => admin.ReadAllAsync(next), r => r.Events.Count >= 2);

        Assert.Equal(produced.Select(EventLogClient.ToEntry), events);
        Assert.Equal(more.Select(EventLogClient.ToEntry), rest.Events);
    }

    [Fact]
    public async Task AnEmptyPageAnswersTheCursorItWasGiven()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        queue.Produce("room-1", 3);
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await admin.WaitForLogAsync(3);

        var first = await admin.ReadPageAsync(limit: 3);
        var empty = await admin.ReadPageAsync(first.Next);
        var fromStart = await admin.ReadPageAsync();

        Assert.Equal(3, first.List.Count);
        Assert.Empty(empty.List);
        Assert.Equal(first.Next, empty.Next);
        Assert.Equal(first.List, fromStart.List);
    }

    [Theory]
    [InlineData(UpstreamCredential.App)]
    [InlineData(UpstreamCredential.Caller)]
    public async Task PollsTheAppWideQueueWithTheGatewaysCredential(UpstreamCredential credential)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl,
            EventTestSettings.Polling(more: [("Agora:Region", "eu"), UpstreamCredentialAssert.SettingFor(credential)]));
        gateway.StartServer();

        await Poll.Until(() => Task.FromResult(queue.Upstream.Requests.Count), count => count > 0);

        var poll = queue.Upstream.Requests.First();
        Assert.Equal("GET", poll.Method);
        Assert.Equal($"/eu/edu/polling/apps/{AgoraSandbox.AppId}/v2/rooms/sequences", poll.RawTarget);
        UpstreamCredentialAssert.CarriesTheGatewaysCredential(poll.Header, credential, "classroom-gateway");
    }

    [Fact]
    public async Task ErrorsAndThrottlingFromTheQueueAreRetriedAndLoseNothing()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        queue.FailNext(500, """{"code":500,"msg":"internal error","ts":1}""");
        queue.FailNext(429, "Too Many Requests", retryAfter: "1");
        queue.FailNext(503, "<html>unavailable</html>");
        queue.FailNext(200, "not json");
        var produced = queue.Produce("room-1", 5);
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var events = await admin.WaitForLogAsync(produced.Count);

        Assert.Equal(produced.Select(EventLogClient.ToEntry), events);
        Assert.True(queue.Upstream.Requests.Count >= 5);
    }

    /// <summary>
    /// A batch holding an event without its <c>data</c> (whose JSON cannot be written as it came) and one without its room
    /// (no room's) stops nothing: the first is stored with <c>data</c> null, the second is dropped with a warning, and the
    /// events after them reach the log and the room's stream. Before, the append of that batch failed for good in Redis (the
    /// poller holds a batch until it is stored and polls nothing meanwhile), and the one reader of the log in process, which
    /// feeds every stream, failed on that page for good.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task AnEventWithoutItsDataOrItsRoomStopsNeitherThePollerNorTheStreams(bool withRedis) =>
        AnOddBatchStopsNeitherThePollerNorTheStreams(withRedis,
            """{"code":0,"msg":"Success","ts":1,"data":[{"roomUuid":"room-1","cmd":3,"sequence":1,"version":1},{"cmd":3,"sequence":1,"version":1,"data":{}}]}""",
            "without its room");

    /// <summary>
    /// Polls <paramref name="batch"/>, whose one event of room-1 (cmd 3, sequence 1) the log holds with <c>data</c> null,
    /// then two events of the room: the admin's log holds the three, the room's stream carries the next, and a warning says
    /// what was done (<paramref name="warned"/>).
    /// </summary>
    async Task AnOddBatchStopsNeitherThePollerNorTheStreams(bool withRedis, string batch, string warned)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var queue = await FakeEventQueue.StartAsync();
        queue.FailNext(200, batch);
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(redis?.Configuration))) { Logs = logs };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        await stream.ReadAsync();

        await Poll.Until(() => Task.FromResult(queue.Upstream.Requests.Count), count => count > 1); // the odd batch is taken
        var produced = queue.Produce("room-1", 2);
        var events = await admin.WaitForLogAsync(3);
        // The stream carries the odd event too when it opened before its batch was stored.
        var streamed = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        if (streamed.Event == "3")
        {
            Assert.Equal("null", JsonDocument.Parse(streamed.Data!).RootElement.GetProperty("data").GetRawText());
            streamed = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        }

        Assert.Equal([new("room-1", 3, 1, "null"), .. produced.Select(EventLogClient.ToEntry)], events);
        Assert.Equal(EventLogClient.ToEntry(produced[0]), EventLogClient.ToEntry(JsonDocument.Parse(streamed.Data!).RootElement));
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(warned, StringComparison.Ordinal));
    }

    /// <summary>
    /// A batch holding an event whose fields are not of their types (a <c>cmd</c> null, a <c>sequence</c> that is no
    /// number) loses that event alone, with a warning: the events beside it in the batch, of every room, are stored. Before,
    /// the one event failed the whole poll after Agora had handed the batch out, and every event in it was lost.
    /// </summary>
    [Fact]
    public Task AnEventWhoseFieldsAreNotOfTheirTypesLosesNoOtherEventOfItsBatch() =>
        OddItemsLoseNoOtherEventOfTheirBatch("""{"roomUuid":"room-2","cmd":null,"sequence":1,"version":1,"data":{}},{"roomUuid":"room-2","cmd":3,"sequence":"two","version":1,"data":{}}""", 2);

    /// <summary>
    /// A batch whose list holds something other than an event (a <c>null</c>, a number, a list) loses that item alone, with
    /// a warning: the events beside it in the batch, of every room, are stored. Before, the one item failed the whole poll
    /// after Agora had handed the batch out, and every event in it was lost.
    /// </summary>
    [Fact]
    public Task AnItemOfTheBatchThatIsNoEventLosesNoEventOfItsBatch() =>
        OddItemsLoseNoOtherEventOfTheirBatch("""null,7,[{"roomUuid":"room-2","cmd":3,"sequence":1,"version":1,"data":{}}]""", 3);

    /// <summary>
    /// Polls a batch of an event of room-1, <paramref name="oddItems"/> and an event of room-3, then an event of room-1:
    /// the log holds the three events, and a warning says each odd item was not read (<paramref name="warnings"/>).
    /// </summary>
    async Task OddItemsLoseNoOtherEventOfTheirBatch(string oddItems, int warnings)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        queue.FailNext(200, """{"code":0,"msg":"Success","ts":1,"data":[{"roomUuid":"room-1","cmd":3,"sequence":1,"version":1,"data":{"m":"a"}},"""
            + oddItems + """,{"roomUuid":"room-3","cmd":3,"sequence":1,"version":1,"data":{"m":"b"}}]}""");
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling())) { Logs = logs };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        gateway.StartServer();

        await Poll.Until(() => Task.FromResult(queue.Upstream.Requests.Count), count => count > 1); // the odd batch is taken
        var produced = queue.Produce("room-1", 1);
        var events = await admin.WaitForLogAsync(3);

        Assert.Equal([new("room-1", 3, 1, """{"m":"a"}"""), new("room-3", 3, 1, """{"m":"b"}"""), EventLogClient.ToEntry(produced[0])], events);
        Assert.Equal(warnings, logs.Lines.Count(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("cannot read", StringComparison.Ordinal)));
    }

    /// <summary>
    /// An event whose <c>data</c> holds a string JSON can carry but no writer can write again (a lone UTF-16 surrogate,
    /// <c>"\ud800"</c>, as a browser's <c>JSON.stringify</c> escapes half an emoji) is stored with <c>data</c> null and a
    /// warning, and the events after it flow. Before, every append of its batch failed in Redis, and the poller, which
    /// holds a batch until it is stored and polls nothing meanwhile, stopped for good; in process, every page holding it
    /// failed, the room streams' one reader and the admin's log alike.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task AnEventWhoseDataCannotBeWrittenAgainStopsNeitherThePollerNorTheStreams(bool withRedis) =>
        AnOddBatchStopsNeitherThePollerNorTheStreams(withRedis,
            """{"code":0,"msg":"Success","ts":1,"data":[{"roomUuid":"room-1","cmd":3,"sequence":1,"version":1,"data":{"message":"\ud83d"}}]}""",
            "cannot be written");

    /// <summary>
    /// A cmd 20 event whose lists of users hold a <c>null</c> where a user was expected is passed over as data not of its
    /// shape: the room's stream carries it and the events after it, and the room's attendance is answered. Before, the one
    /// reader of the log that feeds every room stream of the instance failed on it (reading who was kicked) and read that
    /// page again for good, so no stream of any room got another event; and the room's attendance was a 500.
    /// </summary>
    [Fact]
    public async Task AUsersEventListingANullStopsNeitherTheStreamsNorTheAttendance()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling()));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        await stream.ReadAsync();

        // Answered once the stream is open, so that the one reader of the log has a stream of the room to format it for.
        var polls = queue.Upstream.Requests.Count;
        queue.FailNext(200, """{"code":0,"msg":"Success","ts":1,"data":[{"roomUuid":"room-1","cmd":20,"sequence":7,"version":1,"data":{"total":0,"onlineUsers":[null],"offlineUsers":[null]}}]}""");
        await Poll.Until(() => Task.FromResult(queue.Upstream.Requests.Count), count => count > polls + 1); // the odd batch is taken
        var produced = queue.Produce("room-1", 1);
        await admin.WaitForLogAsync(2);
        var first = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        var second = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        var attendance = await admin.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel);

        Assert.Equal("20", first.Event);
        Assert.Equal(EventLogClient.ToEntry(produced[0]), EventLogClient.ToEntry(JsonDocument.Parse(second.Data!).RootElement));
        Assert.Equal(HttpStatusCode.OK, attendance.StatusCode);
    }

    /// <summary>
    /// The poller's waits after failures, as it arms them on the gateway's own clock, which the test moves: each failure in
    /// a row waits a random 50–100 % of twice the step before (from <c>Events:PollIntervalMilliseconds</c>, up to
    /// <c>Events:MaxBackoffSeconds</c>), a <c>Retry-After</c> is kept up to the same cap, and a success waits a poll interval.
    /// </summary>
    [Fact]
    public async Task FailedPollsBackOffTwiceAsLongEachTimeUpToTheCapAndKeepRetryAfterUpToIt()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            queue.FailNext(500, """{"code":500,"msg":"internal error","ts":1}""");
        }
        queue.FailNext(429, "Too Many Requests", retryAfter: "3");
        queue.FailNext(429, "Too Many Requests", retryAfter: "600");
        var clock = new WatchedClock();
        // A lease far longer than the waits, so that the leader is one throughout and only the poller's own waits are seen.
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(more:
            [("Events:PollIntervalMilliseconds", "200"), ("Events:MaxBackoffSeconds", "4"), ("Events:LeaseSeconds", "300")]))) { Clock = clock };
        gateway.StartServer();
        var polls = () => queue.Upstream.Requests.Count(r => r.RawTarget.Contains("/edu/polling/", StringComparison.Ordinal));

        // Each wait the poll loop arms after a poll, ended by moving the clock exactly as far: the waits the time bounds of
        // the calls arm are other timers, and a wait armed before the first poll is the loop's wait for its lease.
        var waits = new List<(int PollsBefore, double Milliseconds)>();
        while (waits.Count < 8)
        {
            var wait = await clock.NextArmedAsync(armed => armed.In(typeof(EventPoller), "Delay", innermost: true) && armed.In(typeof(EventPoller), "PollAsync"));
            if (polls() is > 0 and var made)
            {
                waits.Add((made, wait.Due.TotalMilliseconds));
            }
            clock.Advance(wait.Due);
        }

        (double Least, double Most)[] expected =
        [
            (100, 200), (200, 400), (400, 800), (800, 1600), (1600, 3200), // 500s in a row: twice the step each time, jittered
            (3000, 3000), // Retry-After: 3, within the cap
            (4000, 4000), // Retry-After: 600, cut to Events:MaxBackoffSeconds
            (200, 200), // the first success: a poll interval
        ];
        Assert.Equal(Enumerable.Range(1, expected.Length), waits.Select(wait => wait.PollsBefore));
        Assert.All(expected.Zip(waits), pair => Assert.InRange(pair.Second.Milliseconds, pair.First.Least, pair.First.Most));
    }

    /// <summary>
    /// <c>gateway.events.poller.lag</c> is the time between the last two successful polls on the gateway's clock, which the
    /// test moves exactly as far as each wait the poll loop arms: after a success and three failures, the next success
    /// reports the whole gap, the failures' backoff with it. The first success has no earlier one, and reports nothing.
    /// </summary>
    [Fact]
    public async Task ThePollersLagIsTheTimeBetweenItsLastTwoSuccessfulPollsAcrossFailures()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new WatchedClock();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(more:
            [("Events:PollIntervalMilliseconds", "200"), ("Events:MaxBackoffSeconds", "4"), ("Events:LeaseSeconds", "300")]))) { Clock = clock };
        using var lag = new MetricCollector<double>(gateway.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName,
            "gateway.events.poller.lag");
        var polls = () => queue.Upstream.Requests.Count(r => r.RawTarget.Contains("/edu/polling/", StringComparison.Ordinal));

        var waitedSinceTheFirst = TimeSpan.Zero;
        while (true)
        {
            var wait = await clock.NextArmedAsync(armed => armed.In(typeof(EventPoller), "Delay", innermost: true) && armed.In(typeof(EventPoller), "PollAsync"));
            var made = polls();
            if (made == 1)
            {
                // The first poll succeeded and the loop waits a poll interval: the next three fail.
                for (var i = 0; i < 3; i++)
                {
                    queue.FailNext(503, """{"code":503,"msg":"unavailable","ts":1}""");
                }
            }
            if (made == 5)
            {
                break;
            }
            if (made > 0)
            {
                waitedSinceTheFirst += wait.Due;
            }
            clock.Advance(wait.Due);
        }

        var reported = Assert.Single(lag.GetMeasurementSnapshot());
        Assert.Equal(waitedSinceTheFirst.TotalSeconds, reported.Value, precision: 6);
        Assert.True(waitedSinceTheFirst > TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// An instance that takes the lease back after another instance held it (here a token written into the lease's key,
    /// as that instance's would be) reports no lag across that time: the other instance polled meanwhile, and a lag the
    /// length of its turn would be a false alarm on a healthy log. So also when a poll of its own was in flight as it lost
    /// the lease and ended during the other's turn: that poll is no last poll to measure the next from.
    /// </summary>
    /// <remarks>
    /// The other's turn is an hour on the gateway's clock, jumped while the lease is held elsewhere: measured across it, a
    /// lag is an hour; between two polls of its own, however long this busy machine stalls one, a lag is seconds.
    /// </remarks>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnInstanceTakingTheLeaseBackReportsNoLagAcrossTheTimeAnotherHeldIt(bool pollInFlight)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new JumpingClock();
        // The poll in flight is held until the lease is lost, which a busy machine may take a while to see.
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl,
            EventTestSettings.Polling(redis.Configuration, ("Agora:TimeoutSeconds", "60"))))
        {
            Clock = clock,
        };
        using var lag = new MetricCollector<double>(gateway.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName,
            "gateway.events.poller.lag");
        var poller = gateway.Services.GetRequiredService<EventPoller>();
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var leaseKey = SandboxKeys.Events + "poller";
        Assert.True(await Poll.Until(() => Task.FromResult(poller.IsLeader), leader => leader));
        await Poll.Until(() => Task.FromResult(lag.GetMeasurementSnapshot().Count), reported => reported >= 3);
        var inFlight = new TaskCompletionSource();
        if (pollInFlight)
        {
            queue.AnswerNextWhen(inFlight.Task);
            queue.Produce("room-1", 1);
            await Poll.Until(() => Task.FromResult(queue.HandedOut.Count), handedOut => handedOut == 1);
        }

        var heldElsewhere = TimeSpan.FromHours(1);
        await connection.GetDatabase().StringSetAsync(leaseKey, "another-instance:1", TimeSpan.FromSeconds(8));
        Assert.False(await Poll.Until(() => Task.FromResult(poller.IsLeader), leader => !leader));
        inFlight.SetResult();
        if (pollInFlight)
        {
            using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
            await admin.WaitForLogAsync(1);
        }
        var reportedBefore = lag.GetMeasurementSnapshot().Count;
        clock.Jump(heldElsewhere);
        Assert.True(await Poll.Until(() => Task.FromResult(poller.IsLeader), leader => leader, TimeSpan.FromSeconds(30)));
        var after = await Poll.Until(() => Task.FromResult(lag.GetMeasurementSnapshot().Skip(reportedBefore).ToList()),
            reported => reported.Count >= 3, TimeSpan.FromSeconds(30));

        Assert.True(after.Count >= 3);
        Assert.All(after, reported => Assert.InRange(reported.Value, 0, heldElsewhere.TotalSeconds / 2));
        Assert.Equal(0, queue.PollsGivenUp);
    }

    [Fact]
    public async Task TheLogKeepsTheNewestEventsUpToTheRetention()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var produced = queue.Produce("room-1", 150);
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(more: [("Events:RetentionEvents", "100")]));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        // Read page by page while the poller appends: a read that began before the second batch came in holds pages
        // from before its trim and after it. The log once the newest event is in and a whole read saw no trim under it.
        var events = (await Poll.Until(() => admin.ReadAllAsync(), r => r.Events.Any(e => e.Sequence == 150) && r.Events.Count <= 100)).Events;

        Assert.Equal(produced.Skip(50).Select(EventLogClient.ToEntry), events);
    }

    /// <summary>
    /// Without Redis the log goes with its process: a client's cursor from before a restart reads the new log from its
    /// start, not from a position the new log has not reached (which would pass over its first events in silence).
    /// </summary>
    [Fact]
    public async Task TheInProcessLogReadsACursorOfAnEarlierProcessFromItsStart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Microsoft.Extensions.Options.Options.Create(new EventsOptions());
        static Classroom.Agora.Models.AgoraEvent[] Events(int count) => [.. Enumerable.Range(1, count)
            .Select(sequence => new Classroom.Agora.Models.AgoraEvent("room-1", 3, sequence, 1, System.Text.Json.JsonSerializer.SerializeToElement(new { sequence })))];
        var before = new InProcessEventLog(options, clock);
        await before.AppendAsync(Events(5), null, Json.Cancel);
        var held = (await before.ReadAsync(EventCursor.Start, 10, Json.Cancel)).Next;
        clock.Advance(TimeSpan.FromSeconds(30));
        var after = new InProcessEventLog(options, clock);
        await after.AppendAsync(Events(2), null, Json.Cancel);

        var page = await after.ReadAsync(held, 10, Json.Cancel);
        var next = await after.ReadAsync(page.Next, 10, Json.Cancel);

        Assert.Equal([1L, 2L], page.Events.Select(e => e.Event.Sequence));
        Assert.True(page.Missed, "the events after the cursor went with the earlier process");
        Assert.Empty(next.Events);
        Assert.False(next.Missed);
    }

    /// <summary>
    /// A cursor of another process, earlier or later, read while this log is empty, leads on to a cursor every event this
    /// log appends next orders after: a room stream resumed with it keeps the page's cursor as the last it sent, and with
    /// a later process's cursor there it passed over every event in silence.
    /// </summary>
    [Theory]
    [InlineData(-30)]
    [InlineData(30)]
    public async Task AnotherProcesssCursorOnAnEmptyLogLeadsBeforeItsNextEvents(int seconds)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new InProcessEventLog(Microsoft.Extensions.Options.Options.Create(new EventsOptions()), clock);
        var foreign = new EventCursor((ulong)clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds(), 3);

        var empty = await log.ReadAsync(foreign, 10, Json.Cancel);
        await log.AppendAsync([new Classroom.Agora.Models.AgoraEvent("room-1", 3, 1, 1, System.Text.Json.JsonSerializer.SerializeToElement(new { sequence = 1 }))],
            null, Json.Cancel);
        var appended = await log.ReadAsync(EventCursor.Start, 10, Json.Cancel);

        Assert.Empty(empty.Events);
        Assert.True(Assert.Single(appended.Events).Cursor.CompareTo(empty.Next) > 0, $"{empty.Next} orders after the log's first event");
    }

    /// <summary>
    /// A cursor of another process, earlier or later, read while this log is empty: that process's log went with it, and
    /// the events it held after the cursor with it, yet the page said it missed none. It says so. A cursor of this log past
    /// its end, which this log never held (it loses no event but to its retention), and a read from before the first
    /// event of an empty log, which names none, miss nothing.
    /// </summary>
    [Theory]
    [InlineData(-30)]
    [InlineData(30)]
    public async Task AnotherProcesssCursorOnAnEmptyLogSaysItMissedWhatThatLogHeldAfterIt(int seconds)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new InProcessEventLog(Microsoft.Extensions.Options.Options.Create(new EventsOptions()), clock);
        var foreign = new EventCursor((ulong)clock.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds(), 3);
        var own = new EventCursor((ulong)clock.GetUtcNow().ToUnixTimeMilliseconds(), 3);

        var fromForeign = await log.ReadAsync(foreign, 10, Json.Cancel);
        var fromForeignInTheRoom = await log.ReadRoomAsync("room-1", foreign, 10, Json.Cancel);
        var fromOwn = await log.ReadAsync(own, 10, Json.Cancel);
        var beforeTheFirst = await log.ReadAsync(EventCursor.BeforeTheFirst, 10, Json.Cancel);

        Assert.True(fromForeign.Missed, "another process's cursor on an empty log said it missed nothing");
        Assert.True(fromForeignInTheRoom.Missed);
        Assert.False(fromOwn.Missed);
        Assert.False(beforeTheFirst.Missed);
    }

    /// <summary>
    /// A cursor past the log's end names no event (Redis lost its newest writes in a failover, or the cursor is another
    /// log's): an empty page answered it as <c>next</c>, and a client polling with it was handed none of the events appended
    /// after, Redis's until its clock reached the cursor (a day here), the process's until it had counted that far. <c>next</c>
    /// is the log's end, and the client goes on with the events appended from then on.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ACursorPastTheLogsEndLeadsOnToTheEventsAppendedFromThenOn(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration });
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var log = gateway.Services.GetRequiredService<IEventLog>();
        static Classroom.Agora.Models.AgoraEvent Chat(long sequence) =>
            new("room-1", 3, sequence, 1, JsonSerializer.SerializeToElement(new { sequence }));
        Assert.True(await log.AppendAsync([Chat(1)], null, Json.Cancel));
        var end = await log.GetEndAsync(Json.Cancel);
        var ahead = withRedis ? end with { Ms = end.Ms + 86_400_000 } : end with { Seq = end.Seq + 1000 };

        var empty = await admin.ReadPageAsync(ahead.ToString());
        Assert.True(await log.AppendAsync([Chat(2)], null, Json.Cancel));
        var next = await admin.ReadPageAsync(empty.Next);

        Assert.Empty(empty.List);
        Assert.Equal(end.ToString(), empty.Next);
        Assert.Equal([2L], next.List.Select(e => e.Sequence));
    }

    /// <summary>
    /// A read from a cursor whose following events the retention trimmed started at the oldest event kept and could not
    /// tell the reader it had missed any. It says so exactly: for every cursor of the log, from the one the page starts after
    /// and those before it, whose own event is gone too, but not from the one just before the oldest kept, whose next event
    /// is the page's first, nor from a cursor the log still holds, nor from the log's start, for every room's read and a
    /// room's alike.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReadFromACursorWhoseNextEventsWereTrimmedSaysItMissedThem(bool withRedis)
    {
        const int Retention = 100;
        await using var under = await LogUnderTest.StartAsync(withRedis, new EventsOptions { RetentionEvents = Retention });
        var cursors = new List<EventCursor>();
        for (var sequence = 1; sequence <= 3 * Retention; sequence++)
        {
            await under.AppendAsync([new Classroom.Agora.Models.AgoraEvent("maths", 3, sequence, 1, JsonSerializer.SerializeToElement(new { sequence }))]);
            cursors.Add(await under.Log.GetEndAsync(Json.Cancel));
        }
        var held = (await under.Log.ReadAsync(EventCursor.Start, EventLogEndpoints.MaxLimit, Json.Cancel)).Events;
        var oldest = cursors.IndexOf(held[0].Cursor);

        Assert.InRange(oldest, Retention, 2 * Retention);
        Assert.False((await under.Log.ReadAsync(EventCursor.Start, 1, Json.Cancel)).Missed);
        Assert.False((await under.Log.ReadRoomAsync("maths", EventCursor.Start, 1, Json.Cancel)).Missed);
        for (var i = 0; i < cursors.Count; i++)
        {
            var page = await under.Log.ReadAsync(cursors[i], 1, Json.Cancel);
            var room = await under.Log.ReadRoomAsync("maths", cursors[i], 1, Json.Cancel);
            var missed = i + 1 < oldest;
            Assert.True(missed == page.Missed, $"cursor {i + 1} of {cursors.Count}, the oldest kept {oldest + 1}: missed {page.Missed}");
            Assert.Equal(missed, room.Missed);
            Assert.Equal(cursors.Skip(Math.Max(i + 1, oldest)).Take(1), page.Events.Select(e => e.Cursor));
        }
    }

    /// <summary>
    /// <c>GET /api/v1/events</c> says <c>"missed": true</c> when the log trimmed events after <c>after</c>, and <c>false</c>
    /// otherwise: the page itself is the same <c>{list, next}</c> as ever.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageSaysWhetherTheLogTrimmedEventsAfterTheCursor(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis?.Configuration,
            ["Events:RetentionEvents"] = "100",
        });
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var log = gateway.Services.GetRequiredService<IEventLog>();
        static Classroom.Agora.Models.AgoraEvent Chat(long sequence) =>
            new("room-1", 3, sequence, 1, JsonSerializer.SerializeToElement(new { sequence }));
        Assert.True(await log.AppendAsync([Chat(1)], null, Json.Cancel));
        var first = (await log.GetEndAsync(Json.Cancel)).ToString();
        for (var sequence = 2; sequence <= 300; sequence += 50)
        {
            Assert.True(await log.AppendAsync([.. Enumerable.Range(sequence, 50).Select(s => Chat(s))], null, Json.Cancel));
        }
        var newest = (await log.GetEndAsync(Json.Cancel)).ToString();

        async Task<JsonElement> PageAsync(string query) =>
            (await (await admin.GetAsync("/api/v1/events?limit=1" + query, Json.Cancel)).ReadJson()).GetProperty("data");
        var trimmed = await PageAsync("&after=" + first);
        var fromTheStart = await PageAsync("");
        var atTheEnd = await PageAsync("&after=" + newest);

        Assert.True(trimmed.GetProperty("missed").GetBoolean());
        Assert.True(trimmed.GetProperty("list")[0].GetProperty("sequence").GetInt64() > 2);
        Assert.Equal(fromTheStart.GetProperty("list").GetRawText(), trimmed.GetProperty("list").GetRawText());
        Assert.False(fromTheStart.GetProperty("missed").GetBoolean());
        Assert.False(atTheEnd.GetProperty("missed").GetBoolean());
        Assert.Equal(newest, atTheEnd.GetProperty("next").GetString());
    }

    /// <summary>
    /// The in-process log remembers the keys that drop a retried append's duplicates for the events it keeps, not for the
    /// day's window: a day of a busy school's events, every room's, held millions of keys beside a log bounded by its
    /// retention. A retried append of the newest batch is still dropped.
    /// </summary>
    [Fact]
    public async Task TheInProcessLogRemembersTheKeysOfNoMoreEventsThanItKeeps()
    {
        const int Retention = 100;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new InProcessEventLog(Microsoft.Extensions.Options.Options.Create(new EventsOptions { RetentionEvents = Retention }), clock);
        Classroom.Agora.Models.AgoraEvent[] batch = [];
        for (var room = 1; room <= 500; room++)
        {
            batch = [.. Enumerable.Range(1, 4).Select(s => new Classroom.Agora.Models.AgoraEvent($"room-{room}", 3, s, 1,
                System.Text.Json.JsonSerializer.SerializeToElement(new { s })))];
            await log.AppendAsync(batch, null, Json.Cancel);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var end = await log.GetEndAsync(Json.Cancel);

        await log.AppendAsync(batch, null, Json.Cancel);

        Assert.True(log.DedupeKeys <= Retention, $"{log.DedupeKeys} keys remembered for a log of {Retention} events");
        Assert.Equal(end, await log.GetEndAsync(Json.Cancel));
    }

    /// <summary>
    /// The in-process log finds the event after a cursor by its place: every cursor reads on from the event after it, one
    /// the retention passed over from the oldest kept, one past the end nothing, whichever events the log still holds
    /// beyond its retention before it lets them go (an eighth of it at a time).
    /// </summary>
    [Theory]
    [InlineData(100)]
    [InlineData(105)]
    [InlineData(250)]
    public async Task EveryCursorOfTheInProcessLogReadsOnFromTheEventAfterIt(int appended)
    {
        const int Retention = 100;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new InProcessEventLog(Microsoft.Extensions.Options.Options.Create(new EventsOptions { RetentionEvents = Retention }), clock);
        for (var sequence = 1; sequence <= appended; sequence += 10)
        {
            await log.AppendAsync([.. Enumerable.Range(sequence, Math.Min(10, appended - sequence + 1)).Select(s => new Classroom.Agora.Models.AgoraEvent("room-1", 3, s, 1,
                System.Text.Json.JsonSerializer.SerializeToElement(new { s })))], null, Json.Cancel);
        }
        var kept = (await log.ReadAsync(EventCursor.Start, 1000, Json.Cancel)).Events;
        var cursors = kept.Select(e => e.Cursor).ToList();

        Assert.Equal(Enumerable.Range(appended - Retention + 1, Retention).Select(s => (long)s), kept.Select(e => e.Event.Sequence));
        Assert.Equal(cursors[^1], await log.GetEndAsync(Json.Cancel));
        for (var i = 0; i < cursors.Count; i++)
        {
            var page = await log.ReadAsync(cursors[i], 3, Json.Cancel);
            Assert.Equal(kept.Skip(i + 1).Take(3), page.Events);
            Assert.Equal(page.Events.Count > 0 ? page.Events[^1].Cursor : cursors[i], page.Next);
        }
        var passedOver = cursors[0] with { Seq = cursors[0].Seq - 1 };
        Assert.Equal(kept.Take(2), (await log.ReadAsync(cursors[0] with { Seq = 0 }, 2, Json.Cancel)).Events);
        Assert.Equal(kept.Take(2), (await log.ReadAsync(passedOver, 2, Json.Cancel)).Events);
        Assert.Empty((await log.ReadAsync(cursors[^1] with { Seq = ulong.MaxValue }, 2, Json.Cancel)).Events);
    }

    [Theory]
    [InlineData("after=not-a-cursor!", "after")]
    [InlineData("after=YWJj", "after")] // base64url of "abc": well encoded, but no position
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-5", "limit")]
    public async Task AMalformedCursorOrLimitIsABadRequest(string query, string field)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var response = await admin.GetAsync("/api/v1/events?" + query, Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("Events:LeaseSeconds", "0")]
    [InlineData("Events:PollIntervalMilliseconds", "5")]
    [InlineData("Events:PollIntervalMilliseconds", "20000")] // longer than the 10 s lease
    [InlineData("Events:RetentionEvents", "10")]
    public async Task BadEventSettingsStopTheProcessNamingTheKey(string key, string value)
    {
        await using var queue = await FakeEventQueue.StartAsync();

        var exit = await GatewayProcess.RunUntilExit(EventTestSettings.ProcessEnvironment(queue.BaseUrl, (key, value)), TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exit.Code);
        Assert.Contains(key, exit.Output);
    }

    [Fact]
    public async Task OnlyAdminsReadTheLog()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("*").Sign());
        using var anonymous = gateway.CreateClient();

        var forbidden = await teacher.GetAsync("/api/v1/events", Json.Cancel);
        var unauthenticated = await anonymous.GetAsync("/api/v1/events", Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(403, (await forbidden.ReadJson()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task WithPollingOffNothingIsTakenFromTheQueue()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        queue.Produce("room-1", 2);
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Events:PollingEnabled", "false"));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var page = await admin.ReadPageAsync();

        Assert.Empty(page.List);
        Assert.Equal(Convert.ToBase64String(Encoding.ASCII.GetBytes("0-0")).TrimEnd('='), page.Next);
        Assert.False(gateway.Services.GetRequiredService<EventPoller>().IsLeader);
        Assert.Empty(queue.Upstream.Requests);
        Assert.Equal(2, queue.Undelivered);
    }
}
