using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Events;

/// <summary>Room streams as many clients hold them: one reader of the log per instance, limits, an end for each stream.</summary>
public sealed class RoomStreamScaleTests
{
    const string Stream = "/api/v1/rooms/room-1/events/stream";

    [Fact]
    public async Task OpenStreamsCostNoReadOfTheLogOfTheirOwn()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration, ("Events:PollingEnabled", "false")));
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        await gateway.WaitUntilStreamsOpenAsync();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        var streams = new List<SseReader>();
        for (var i = 0; i < 40; i++)
        {
            using var member = gateway.CreateClient(new TestJwt { Subject = $"student-{i}", Rooms = new[] { "room-1" } }.Sign());
            streams.Add(await SseReader.OpenAsync(member, Stream));
        }
        await using var monitor = await RedisMonitor.StartAsync(redis);

        await Task.Delay(TimeSpan.FromSeconds(3), Json.Cancel);
        // Every read of the log names its key: a command of its own, or the script that pages it.
        var reads = monitor.Commands.Count(c => c.Words.Skip(1).Any(word => word.EndsWith(SandboxKeys.Events + "log", StringComparison.Ordinal)));

        Assert.All(streams, s => Assert.Equal(HttpStatusCode.OK, s.Response.StatusCode));
        // The instance's one reader and the resource-list follower read about once a second each, whatever the streams.
        Assert.InRange(reads, 1, 14);
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task AUserHoldsAtMostMaxStreamsPerUserOnAnInstanceAndGetsAnotherWhenOneCloses()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Events:MaxStreamsPerUser", "2"));
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var other = gateway.CreateClient(new TestJwt { Subject = "student-2", Rooms = new[] { "room-1" } }.Sign());
        using var open = gateway.Measure("gateway.events.streams.open");

        var first = await SseReader.OpenAsync(student, Stream);
        await using var second = await SseReader.OpenAsync(student, Stream);
        var refused = await student.GetAsync(Stream, Json.Cancel);
        await using var ofAnother = await SseReader.OpenAsync(other, Stream);
        var openBefore = open.Sum();
        await first.ReadAsync();
        await first.DisposeAsync();
        var again = await Poll.Until(async () => await student.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
            r => r.StatusCode == HttpStatusCode.OK);
        var openAfter = open.Sum();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.ReadJson()).GetProperty("code").GetInt32());
        // gateway.events.streams.open: the refused one never counted, the closed one left the count.
        Assert.Equal(3, openBefore);
        Assert.Equal(3, openAfter);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, ofAnother.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        again.Dispose();
    }

    [Fact]
    public async Task AnInstanceServesAtMostMaxStreamsPerInstance()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Events:MaxStreamsPerInstance", "2"));
        using var first = gateway.CreateClient(new TestJwt { Subject = "student-1", Rooms = new[] { "room-1" } }.Sign());
        using var second = gateway.CreateClient(new TestJwt { Subject = "student-2", Rooms = new[] { "room-1" } }.Sign());
        using var third = gateway.CreateClient(new TestJwt { Subject = "student-3", Rooms = new[] { "room-1" } }.Sign());

        await using var one = await SseReader.OpenAsync(first, Stream);
        await using var two = await SseReader.OpenAsync(second, Stream);
        var refused = await third.GetAsync(Stream, Json.Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("This instance serves at most 2 streams", (await refused.ReadJson()).GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task AStreamEndsWhenTheJwtThatOpenedItExpires()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        // Sign-in judges the JWT by the real clock; the stream counts down on the gateway's, which the test moves.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, ("Events:HeartbeatSeconds", "1"))) { Clock = clock };
        using var student = gateway.CreateClient(new TestJwt { Rooms = new[] { "room-1" }, Lifetime = TimeSpan.FromMinutes(5) }.Sign());
        await using var stream = await SseReader.OpenAsync(student, Stream);
        await stream.ReadAsync();

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(10));
        var beforeExpiry = await ReadWhileTimePasses(stream, clock);
        clock.Advance(TimeSpan.FromSeconds(15));
        var ended = await ReadUntilEnd(stream, clock);

        Assert.Equal("ping", beforeExpiry?.Event);
        Assert.True(ended, "the stream went on past the JWT's expiry");
    }

    /// <summary>
    /// A stream whose sign-in ends between its look at the time and the heartbeat it then sends, to a client that reads,
    /// sends it and ends in order: the end gives up only a send the client is not taking in, and aborts no connection that
    /// is. The clock moves past the end as the stream's loop reads it, so the end comes there every time.
    /// </summary>
    [Fact]
    public async Task AStreamWhoseSignInEndsAsItSendsAHeartbeatSendsItAndEndsInOrder()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new ClockMovedByTheStreamsLoop(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, ("Events:HeartbeatSeconds", "1"))) { Clock = clock };
        using var student = gateway.CreateClient(new TestJwt { Rooms = new[] { "room-1" }, Lifetime = TimeSpan.FromMinutes(5) }.Sign());
        await using var stream = await SseReader.OpenAsync(student, Stream);
        await stream.ReadAsync();
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(10));
        var beforeExpiry = await stream.ReadAsync();

        clock.MoveAtTheLoopsNextRead(TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromSeconds(1));
        var last = await stream.ReadAsync();
        var after = await stream.ReadAsync();

        Assert.Equal("ping", beforeExpiry?.Event);
        Assert.False(clock.Armed, "the stream's loop never read the clock");
        Assert.Equal("ping", last?.Event);
        Assert.Null(after);
    }

    /// <summary>A fake clock that, once armed, moves on right after the stream's write loop next reads it: what it read is the time before.</summary>
    sealed class ClockMovedByTheStreamsLoop(DateTimeOffset start) : FakeTimeProvider(start)
    {
        long _move;

        public bool Armed => Interlocked.Read(ref _move) != 0;

        public void MoveAtTheLoopsNextRead(TimeSpan by) => Interlocked.Exchange(ref _move, by.Ticks);

        public override long GetTimestamp()
        {
            var now = base.GetTimestamp();
            if (Armed && InTheLoop() && Interlocked.Exchange(ref _move, 0) is var move and not 0)
            {
                Advance(TimeSpan.FromTicks(move));
            }
            return now;
        }

        /// <summary>Whether the stream's write loop (an async method, so its state machine) is the reader.</summary>
        static bool InTheLoop() => new System.Diagnostics.StackTrace().GetFrames().Any(frame => frame.GetMethod()?.DeclaringType is { } type
            && type.DeclaringType == typeof(RoomEventStream) && type.Name.StartsWith("<WriteAsync>", StringComparison.Ordinal));
    }

    /// <summary>
    /// A stream that ends while it waits for events (its sign-in's end) leaves no wait behind it: what it was waiting on is
    /// the request's own cancellation, which the connection's next request may use again.
    /// </summary>
    [Fact]
    public async Task ASubscriptionLeftEndsTheWaitForItsEvents()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl));
        var hub = gateway.Services.GetRequiredService<RoomEventHub>();
        var subscription = await Poll.Until(() => Task.FromResult(hub.Subscribe("room-1")), s => s is not null);

        var waiting = subscription!.Events.WaitToReadAsync(Json.Cancel).AsTask();
        var waitedBefore = waiting.IsCompleted;
        subscription.Dispose();

        Assert.False(waitedBefore);
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10), Json.Cancel));
    }

    /// <summary>
    /// An instance formats an event only when its room has a stream there: the events of the rooms nobody on it watches
    /// move the hub's position and cost no serialization.
    /// </summary>
    [Fact]
    public async Task TheHubFormatsOnlyTheEventsOfRoomsWithAStreamOnTheInstance()
    {
        var formatted = new ConcurrentQueue<AgoraEvent>();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl));
        await using var gateway = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolver =
                json.SerializerOptions.TypeInfoResolver!.WithAddedModifier(type =>
                {
                    if (type.Type == typeof(AgoraEvent))
                    {
                        type.OnSerializing = value => formatted.Enqueue((AgoraEvent)value);
                    }
                }))));
        using var subscription = await gateway.Services.GetRequiredService<RoomEventHub>().SubscribeOnceReachedAsync("watched");
        AgoraEvent Event(string roomUuid, long sequence) => new(roomUuid, 1, sequence, 1, JsonSerializer.SerializeToElement(new { }));
        var appended = new[] { Event("unwatched", 1), Event("watched", 1), Event("unwatched", 2), Event("other", 1), Event("watched", 2) };

        await gateway.Services.GetRequiredService<IEventLog>().AppendAsync(appended, null, Json.Cancel);
        var first = await subscription.Events.ReadAsync(Json.Cancel);
        var last = await subscription.Events.ReadAsync(Json.Cancel);

        Assert.True(first.Cursor.CompareTo(last.Cursor) < 0);
        Assert.All([first, last], frame => Assert.Contains("\"roomUuid\":\"watched\"", Encoding.UTF8.GetString(frame.Bytes)));
        Assert.Equal(appended.Where(e => e.RoomUuid == "watched"), formatted);
    }

    /// <summary>The next message, moving the clock a second at a time (at most five) until it comes: the heartbeat runs on it.</summary>
    public static async Task<SseReader.Message?> ReadWhileTimePasses(SseReader stream, FakeTimeProvider clock)
    {
        var reading = stream.ReadAsync();
        for (var second = 0; second < 5 && !reading.IsCompleted; second++)
        {
            await Task.Delay(100, Json.Cancel);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        return await reading;
    }

    /// <summary>True once the stream ends (a few pings skipped, the clock moving); false when it goes on instead.</summary>
    public static async Task<bool> ReadUntilEnd(SseReader stream, FakeTimeProvider clock)
    {
        for (var pings = 0; pings < 10; pings++)
        {
            var message = await ReadWhileTimePasses(stream, clock);
            if (message?.Event != "ping")
            {
                return message is null;
            }
        }
        return false;
    }

    [Fact]
    public async Task AClientThatFallsTooFarBehindIsCutOffAndCatchesUpFromTheLog()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var dropped = gateway.Measure("gateway.events.streams.dropped");
        await using var slow = await SseReader.OpenAsync(student, Stream);
        await slow.ReadAsync();

        var produced = queue.Produce("room-1", 3000);
        await admin.WaitForLogAsync(produced.Count);
        var received = new List<SseReader.Message>();
        while (await slow.ReadAsync() is { } message)
        {
            if (message.Event != "ping")
            {
                received.Add(message);
            }
        }
        await using var resumed = await SseReader.OpenAsync(student, Stream, lastEventId: received[^1].Id);
        var rest = new List<SseReader.Message>();
        while (rest.Count < produced.Count - received.Count)
        {
            rest.Add(await resumed.ReadEventAsync());
        }

        Assert.InRange(received.Count, 1, produced.Count - 1);
        Assert.Equal(1, dropped.Sum());
        Assert.Equal(produced.Select(e => e.Sequence), received.Concat(rest).Select(m => JsonDocument.Parse(m.Data!).RootElement.GetProperty("sequence").GetInt64()));
    }

}
