using System.Net;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

public sealed class RoomEventStreamTests
{
    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task AMembersStreamOnOneInstanceCarriesTheRoomsEventsPolledByTheOther(string shape)
    {
        await using var redis = await RedisDeployments.StartAsync(shape);
        await using var queue = await FakeEventQueue.StartAsync();
        await using var a = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var b = GatewayFactory.InFrontOf(queue.BaseUrl,
            EventTestSettings.Polling(redis.Configuration, ("Events:PollingEnabled", "false")));
        a.StartServer();
        using var student = b.CreateClient(TestJwt.Student("room-1").Sign());
        using var admin = b.CreateClient(TestJwt.Admin().Sign());
        await b.WaitUntilStreamsOpenAsync();

        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        var opening = await stream.ReadAsync();
        queue.Produce("room-2", 2);
        var produced = queue.Produce("room-1", 3);
        var received = new[] { await stream.ReadEventAsync(), await stream.ReadEventAsync(), await stream.ReadEventAsync() };
        var log = await admin.WaitForLogAsync(5);

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.True(stream.Response.Headers.CacheControl?.NoStore);
        Assert.Equal(["identity"], stream.Response.Content.Headers.ContentEncoding); // nor may compression hold events back
        Assert.Equal(["no"], stream.Response.Headers.GetValues("X-Accel-Buffering")); // nor may a proxy in front
        Assert.Equal(2000, opening?.Retry);
        Assert.Equal(produced.Select(EventLogClient.ToEntry), received.Select(m => EventLogClient.ToEntry(JsonDocument.Parse(m.Data!).RootElement)));
        Assert.All(received, m => Assert.Equal("1", m.Event));
        // Each id is the event's cursor in the log: passing the one before it as "after" gives that event first.
        var before = await admin.ReadPageAsync(limit: 2);
        Assert.Equal(before.Next, await CursorBefore(admin, received[0].Id!));
        Assert.Equal(5, log.Count);
    }

    [Fact]
    public async Task AStreamOpenedBeforeItsInstanceFirstReachedTheLogOpensOnceItHas()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var reachable = new TaskCompletionSource();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var instance = gateway.WithWebHostBuilder(FaultyEventLog.ReachableOnce(reachable.Task));
        using var student = instance.CreateClient();
        student.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());

        var opening = SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        await Task.Delay(TimeSpan.FromMilliseconds(300), Json.Cancel); // the request is in: answered at once, it would be a 503 by now
        reachable.SetResult();
        await using var stream = await opening;
        await stream.ReadAsync();
        var produced = queue.Produce("room-1", 1);
        var received = await stream.ReadEventAsync();

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal(EventLogClient.ToEntry(produced[0]), EventLogClient.ToEntry(JsonDocument.Parse(received.Data!).RootElement));
    }

    /// <summary>
    /// The stream has one representation and answers it whatever <c>Accept</c> asks, as RFC 9110 lets a server disregard the
    /// header rather than answer 406: a client asking for JSON, or refusing everything, gets the room's events. <c>HEAD</c>,
    /// which the route does not take, is a 405 problem whose <c>Allow</c> names GET.
    /// </summary>
    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*;q=0")]
    public async Task AStreamAnswersItsEventsWhateverAcceptAsksAndRefusesHead(string accept)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        student.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);

        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        var produced = Assert.Single(queue.Produce("room-1", 1));
        var streamed = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        using var head = await student.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/rooms/room-1/events/stream"), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(produced.Sequence, JsonDocument.Parse(streamed.Data!).RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal(["GET"], head.Content.Headers.Allow);
    }

    [Fact]
    public async Task AReconnectingClientResumesAfterItsLastEventId()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        string lastSeen;
        await using (var first = await SseReader.OpenAsync(teacher, "/api/v1/rooms/room-1/events/stream"))
        {
            queue.Produce("room-1", 2);
            await first.ReadEventAsync();
            lastSeen = (await first.ReadEventAsync()).Id!;
        }
        var missed = queue.Produce("room-1", 2).Concat(queue.Produce("room-9", 1)).Concat(queue.Produce("room-1", 1)).ToList();
        await admin.WaitForLogAsync(6);

        await using var byHeader = await SseReader.OpenAsync(teacher, "/api/v1/rooms/room-1/events/stream", lastEventId: lastSeen);
        await using var byQuery = await SseReader.OpenAsync(teacher, $"/api/v1/rooms/room-1/events/stream?lastEventId={lastSeen}");
        var resumed = new[] { await byHeader.ReadEventAsync(), await byHeader.ReadEventAsync(), await byHeader.ReadEventAsync() };
        var resumedByQuery = await byQuery.ReadEventAsync();

        var expected = missed.Where(e => e.RoomUuid == "room-1").Select(e => e.Sequence);
        Assert.Equal(expected, resumed.Select(m => JsonDocument.Parse(m.Data!).RootElement.GetProperty("sequence").GetInt64()));
        Assert.Equal(resumed[0].Id, resumedByQuery.Id);
    }

    [Fact]
    public async Task AnIdleStreamSendsHeartbeats()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling());
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        var opening = await stream.ReadAsync();
        var next = await stream.ReadAsync();

        Assert.Equal(("ping", 2000), (opening?.Event, opening?.Retry));
        Assert.Equal("ping", next?.Event);
        Assert.Equal("", next?.Data);
        Assert.Null(next?.Id);
    }

    [Fact]
    public async Task TheStreamEndsOnTheServerWhenTheClientGoes()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var ended = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // No heartbeat within the wait: its send would find the client gone too.
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(more: ("Events:HeartbeatSeconds", "300")))
            .WithWebHostBuilder(w => w.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new StreamEndObserver(ended))));
        using var student = gateway.CreateClient();
        student.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        await stream.ReadAsync();

        await stream.DisposeAsync();
        var status = await ended.Task.WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);

        Assert.Equal(200, status);
    }

    /// <summary>Completes with the status once a stream request has left the server's pipeline.</summary>
    sealed class StreamEndObserver(TaskCompletionSource<int> ended) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                await inner(context);
                if (context.Request.Path.Value!.EndsWith("/events/stream", StringComparison.Ordinal))
                {
                    ended.TrySetResult(context.Response.StatusCode);
                }
            });
            next(app);
        };
    }

    /// <summary>
    /// A stopping instance ends its open streams at once and cleanly (the client reconnects elsewhere), so that the web
    /// server is not left waiting for them until the host's shutdown timeout, which then cuts them off.
    /// </summary>
    [Fact]
    public async Task AStoppingInstanceEndsItsStreamsCleanly()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(EventTestSettings.ProcessEnvironment(upstream.BaseUrl));
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        await using var stream = await SseReader.OpenAsync(client, "/api/v1/rooms/room-1/events/stream");
        var opening = await stream.ReadAsync();

        gateway.Terminate();
        var after = new List<SseReader.Message>();
        while (await stream.ReadAsync() is { } message)
        {
            after.Add(message);
        }
        var exitCode = await gateway.WaitForExitAsync();

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.NotNull(opening);
        Assert.All(after, message => Assert.Equal("ping", message.Event));
        Assert.Equal(0, exitCode);
    }

    /// <summary>
    /// A client that stops reading holds its stream no longer than one that reads: once the stream must end (its sign-in
    /// expires, or it falls too far behind), the send it does not take in is given up and its connection goes, and with
    /// it the stream's place among the user's streams (one here). 400 events of 20 KB are more than the connection holds
    /// (4 MB here). To fall behind, the stream must also have taken as many as its buffer holds at one flush (1,000), and
    /// then have as many more waiting. With a heartbeat due while the send is stuck, the sign-in's end still comes. The end
    /// is one <c>Information</c> line in the stream's request scope, naming the room and why, for an operator to find.
    /// </summary>
    [Theory]
    [InlineData(true, 400, 15)]
    [InlineData(true, 400, 1)]
    [InlineData(false, 2 * RoomSubscription.Capacity + 400, 15)]
    public async Task AStreamWhoseClientStopsReadingEndsAndGivesItsPlaceBack(bool signInExpires, int events, int heartbeatSeconds)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Events:MaxStreamsPerUser"] = "1",
            ["Events:HeartbeatSeconds"] = $"{heartbeatSeconds}",
        }) { Logs = logs };
        var server = gateway.StartOnASocket();
        var signIn = new TestJwt { Subject = "student-1", Rooms = new[] { "room-1" } };
        using var stuck = new System.Net.Sockets.TcpClient { ReceiveBufferSize = 4096 };
        await stuck.ConnectAsync(server.Host, server.Port, Json.Cancel);
        // Long enough to outlast the stream's opening and the refusal below on a busy machine, which the end must follow.
        var jwt = (signInExpires ? signIn with { Lifetime = TimeSpan.FromSeconds(15) } : signIn).Sign();
        await stuck.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"GET /api/v1/rooms/room-1/events/stream HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {jwt}\r\nX-Request-Id: stuck-1\r\n\r\n"), Json.Cancel);
        Assert.StartsWith("HTTP/1.1 200", await ReadHeadAsync(stuck.GetStream()), StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Authorization = new("Bearer", signIn.Sign());
        // The stream that stopped reading holds the user's one place.
        using (var refused = await client.GetAsync("/api/v1/rooms/room-1/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        var log = gateway.Services.GetRequiredService<IEventLog>();
        var fence = await gateway.Services.GetRequiredService<IPollerLease>().TryHoldAsync(null, Json.Cancel);
        var big = new string('x', 20_000);
        for (var sequence = 1; sequence <= events; sequence++)
        {
            Assert.True(await log.AppendAsync([new AgoraEvent("room-1", 5, sequence, 1, JsonSerializer.SerializeToElement(new { big }))], fence, Json.Cancel));
        }
        var again = await Poll.Until(async () =>
        {
            using var response = await client.GetAsync("/api/v1/rooms/room-1/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(40));
        var ended = await Poll.Until(() => Task.FromResult(logs.Lines.Where(line => line.Contains("CorrelationId=stuck-1", StringComparison.Ordinal)
            && line.Contains(" Gateway.Events.RoomEventStream: ", StringComparison.Ordinal)).ToList()), lines => lines.Count > 0, TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, again);
        var line = Assert.Single(ended);
        Assert.Contains(" Gateway.Events.RoomEventStream: Room room-1's stream ended after ", line, StringComparison.Ordinal);
        // Which end comes first follows the machine's pace: on a loaded one the sign-in's end, the client falling behind or
        // a send given up may each come first, and the stream may end idle. Whichever it is, the gateway's cutting the
        // client off is said at Information, and any other end at Debug.
        var cutOff = line.Contains("events behind", StringComparison.Ordinal) || line.Contains("its connection was aborted", StringComparison.Ordinal);
        Assert.True(line.StartsWith(cutOff ? "Information " : "Debug ", StringComparison.Ordinal), line);
    }

    /// <summary>
    /// The events waiting when a stream's send goes through again were all written into its response at one flush, up to a
    /// buffer's thousand however large: a client that takes a room's large events slowly (properties of up to a body's
    /// 1 MiB each) had the instance copy up to a gigabyte into its response (twelve of them here: 12.6 MB at one flush), each
    /// such stream its own, where a resumed stream's catch-up takes no more than a page's 4 MiB at a time. A flush holds no
    /// more than that either, the first frame always.
    /// </summary>
    [Fact]
    public async Task AFlushOfAStreamHoldsNoMoreThanAPagesBytesOfTheEventsWaiting()
    {
        var sends = new HeldSends();
        await using var factory = new GatewayFactory(new Dictionary<string, string?>());
        await using var gateway = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(sends)));
        using var student = gateway.CreateClient();
        student.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<IEventLog>();
        var hub = gateway.Services.GetRequiredService<RoomEventHub>();
        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        await stream.ReadAsync();
        var big = new string('x', 1024 * 1024);

        sends.Hold();
        Assert.True(await log.AppendAsync([new AgoraEvent("room-1", 5, 1, 1, JsonSerializer.SerializeToElement(new { big = "" }))], null, Json.Cancel));
        await Poll.Until(() => Task.FromResult(sends.Waiting), waiting => waiting);
        using (var art = await hub.SubscribeOnceReachedAsync("art"))
        {
            for (var sequence = 2; sequence <= 13; sequence++)
            {
                Assert.True(await log.AppendAsync([new AgoraEvent("room-1", 5, sequence, 1, JsonSerializer.SerializeToElement(new { big }))], null, Json.Cancel));
            }
            Assert.True(await log.AppendAsync([new AgoraEvent("art", 5, 1, 1, JsonSerializer.SerializeToElement(new { big = "" }))], null, Json.Cancel));
            await art.Events.ReadAsync(Json.Cancel).AsTask().WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        }
        sends.Release();
        for (var read = 0; read < 13; read++)
        {
            await stream.ReadEventAsync().WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        }

        Assert.InRange(sends.MostAtOneFlush, 1, EventLogPage.MaxBytes + big.Length + 1024);
    }

    /// <summary>
    /// The room streams' responses, whose sends can be held, as a client that stops reading holds them; counts the most
    /// bytes written into one response between two sends.
    /// </summary>
    sealed class HeldSends : IStartupFilter
    {
        readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        volatile bool _holding;
        long _most;

        public bool Waiting { get; private set; }

        public long MostAtOneFlush => Interlocked.Read(ref _most);

        public void Hold() => _holding = true;

        public void Release()
        {
            _holding = false;
            _held.TrySetResult();
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (context.Request.Path.Value!.EndsWith("/events/stream", StringComparison.Ordinal))
                {
                    var body = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()!;
                    context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>(new Body(body, new Writer(body.Writer, this)));
                }
                await inner(context);
            });
            next(app);
        };

        async ValueTask Before()
        {
            if (_holding)
            {
                Waiting = true;
                await _held.Task;
            }
        }

        void Flushed(long bytes)
        {
            for (var seen = Interlocked.Read(ref _most); seen < bytes && Interlocked.CompareExchange(ref _most, bytes, seen) != seen;)
            {
                seen = Interlocked.Read(ref _most);
            }
        }

        sealed class Body(Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature inner, System.IO.Pipelines.PipeWriter writer)
            : Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;

            public System.IO.Pipelines.PipeWriter Writer => writer;

            public void DisableBuffering() => inner.DisableBuffering();

            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
                inner.SendFileAsync(path, offset, count, cancellationToken);

            public Task CompleteAsync() => inner.CompleteAsync();
        }

        sealed class Writer(System.IO.Pipelines.PipeWriter inner, HeldSends sends) : System.IO.Pipelines.PipeWriter
        {
            long _unflushed;

            public override void Advance(int bytes)
            {
                _unflushed += bytes;
                inner.Advance(bytes);
            }

            public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

            public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

            public override void CancelPendingFlush() => inner.CancelPendingFlush();

            public override void Complete(Exception? exception = null) => inner.Complete(exception);

            public override async ValueTask<System.IO.Pipelines.FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            {
                sends.Flushed(_unflushed);
                _unflushed = 0;
                await sends.Before();
                return await inner.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>Reads a response's head, byte by byte, and nothing after it.</summary>
    static async Task<string> ReadHeadAsync(Stream connection)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            && await connection.ReadAsync(one, Json.Cancel) == 1)
        {
            head.Add(one[0]);
        }
        return System.Text.Encoding.ASCII.GetString([.. head]);
    }

    [Fact]
    public async Task OnlyTheRoomsMembersMayListen()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var outsider = gateway.CreateClient(TestJwt.Student("room-2").Sign());
        using var anonymous = gateway.CreateClient();

        var forbidden = await outsider.GetAsync("/api/v1/rooms/room-1/events/stream", Json.Cancel);
        var unauthenticated = await anonymous.GetAsync("/api/v1/rooms/room-1/events/stream", Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    /// <summary>A malformed resumption is refused under the name the client sent it by: the header's or the query's.</summary>
    [Theory]
    [InlineData("garbage!", true)]
    [InlineData("MTIz", true)] // base64url of "123": no stream position
    [InlineData("garbage!", false)]
    public async Task AMalformedLastEventIdIsABadRequest(string lastEventId, bool asHeader)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "/api/v1/rooms/room-1/events/stream" + (asHeader ? "" : "?lastEventId=" + Uri.EscapeDataString(lastEventId)));
        if (asHeader)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await student.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJson();
        Assert.Equal([asHeader ? "Last-Event-ID" : "lastEventId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task WithRedisDownAResumedStreamCannotCatchUpAndSaysSo()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Redis:Configuration", redis.Configuration));
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        redis.Kill();

        var response = await student.GetAsync("/api/v1/rooms/room-1/events/stream?lastEventId=" + new Gateway.Events.EventCursor(1, 0), Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(503, (await response.ReadJson()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task WithoutAnyRedisSinceTheStartAStreamCannotStartAndSaysSo()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        using var noRedis = new RefusingPort();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Redis:Configuration", noRedis.Configuration));
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var response = await student.GetAsync("/api/v1/rooms/room-1/events/stream", Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(503, (await response.ReadJson()).GetProperty("code").GetInt32());
    }

    /// <summary>
    /// An open stream stays open while Redis is down and carries what came after, and not again what it carried before:
    /// Redis restarted empty is given that event again (<see cref="Gateway.Redis.AppendsAfterFailover"/>), under a new cursor.
    /// The log went with Redis, and the stream says it may have missed events before it carries them.
    /// </summary>
    [Fact]
    public async Task AnOpenStreamOutlivesARedisOutageAndCarriesWhatCameAfter()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        await gateway.WaitUntilStreamsOpenAsync();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream");
        await stream.ReadAsync();
        var before = queue.Produce("room-1", 1);
        var first = await stream.ReadEventAsync();

        redis.Kill();
        var pings = new[] { await stream.ReadAsync(), await stream.ReadAsync() };
        await redis.RestartAsync();
        var after = queue.Produce("room-1", 2);
        var missed = await stream.ReadNotPingAsync();
        var resumed = new[] { await stream.ReadEventAsync(), await stream.ReadEventAsync() };

        Assert.Equal(EventLogClient.ToEntry(before[0]), EventLogClient.ToEntry(JsonDocument.Parse(first.Data!).RootElement));
        Assert.All(pings, ping => Assert.Equal("ping", ping?.Event));
        Assert.Equal(("missed", null), (missed.Event, missed.Id)); // the log went with Redis, and what it held after the stream's place
        Assert.Equal(after.Select(EventLogClient.ToEntry), resumed.Select(m => EventLogClient.ToEntry(JsonDocument.Parse(m.Data!).RootElement)));
    }

    /// <summary>The cursor of the event just before the one whose cursor is <paramref name="id"/>.</summary>
    static async Task<string> CursorBefore(HttpClient admin, string id)
    {
        string? after = null;
        while (true)
        {
            var page = await admin.ReadPageAsync(after, limit: 1);
            if (page.Next == id)
            {
                return after!;
            }
            Assert.NotEmpty(page.List);
            after = page.Next;
        }
    }
}
