using System.Net;
using System.Text.Json;
using Classroom.Agora;
using Gateway.Tests.Audit;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace Gateway.Tests.Caching;

/// <summary>
/// <c>GET /api/v1/rooms/{roomUuid}</c> and the join read Agora's query classroom through one cache per room, shared by
/// instances through Redis (or in process), dropped by every write that names the room.
/// </summary>
public sealed class RoomDetailsCacheTests
{
    /// <summary>
    /// An upstream whose rooms are renamed by every write it receives: version n is named "v{n}". A read takes its name
    /// as it arrives, and the next one can be held there (<see cref="HoldNextRead"/>) until the test lets it answer.
    /// </summary>
    sealed class RenamedByWrites
    {
        int _version;
        TaskCompletionSource? _hold;

        public TaskCompletionSource ReadHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldNextRead(TaskCompletionSource until) => _hold = until;

        /// <summary>False: a write renames the room, and Agora never says so, until the gateway gives the call up.</summary>
        public bool AnswersWrites { get; init; } = true;

        public async Task Respond(HttpContext context)
        {
            if (!HttpMethods.IsGet(context.Request.Method))
            {
                Interlocked.Increment(ref _version);
                await (AnswersWrites
                    ? RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1}""")
                    : Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
                return;
            }
            var name = "v" + Volatile.Read(ref _version);
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                ReadHeld.TrySetResult();
                await hold.Task;
            }
            await RecordingUpstream.Reply(context, 200,
                """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"r","roomName":"NAME","state":0,"createTime":1,"roomProperties":{"roomType":4}}}"""
                    .Replace("NAME", name, StringComparison.Ordinal));
        }
    }

    static async Task<(string? CacheStatus, string? Name)> ReadAsync(HttpClient client, string room = "room-1")
    {
        var response = await client.GetAsync($"/api/v1/rooms/{room}", Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.Single() : null;
        return (status, (await response.ReadJson()).GetProperty("data").GetProperty("roomName").GetString());
    }

    static async Task<GatewayCluster> ClusterRenamedByWrites(bool withRedis) =>
        await ClusterRenamedByWrites(withRedis ? await RedisServer.StartAsync() : null);

    static async Task<GatewayCluster> ClusterRenamedByWrites(IRedisDeployment? redis)
    {
        var cluster = await GatewayCluster.StartAsync(redis);
        cluster.Upstream.Respond = new RenamedByWrites().Respond;
        return cluster;
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task AWriteThroughOneInstanceMakesTheOthersNextReadFresh(string redis)
    {
        await using var cluster = await ClusterRenamedByWrites(await RedisDeployments.StartAsync(redis));
        var a = await cluster.AddConnectedInstanceAsync();
        var b = await cluster.AddConnectedInstanceAsync();
        using var onA = a.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var onB = b.CreateClient(TestJwt.Teacher("room-1").Sign());

        // A keeps the hit it reads as its own copy, which the write through B must take away.
        await Leases.UntilHeldAsync(a);

        var first = await ReadAsync(onA);
        var sharedHit = await ReadAsync(onB);
        var copiedOnA = await ReadAsync(onA);
        var started = await onB.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var afterWrite = await ReadAsync(onA);
        var againOnB = await ReadAsync(onB);

        Assert.Equal(("MISS", "v0"), first);
        Assert.Equal(("HIT", "v0"), sharedHit);
        Assert.Equal(("HIT", "v0"), copiedOnA);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(("MISS", "v1"), afterWrite);
        Assert.Equal(("HIT", "v1"), againOnB);
    }

    /// <summary>
    /// Each write of the room's properties, its breakout groups, its widgets and its users' properties changes, or may
    /// change, what Agora's query classroom describes (<c>roomProperties</c>), and is answered once every instance's next
    /// read is fresh: an assistant's write through one instance, the teacher's read through another.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/properties", """{"properties":{"flexProps.topic":"Optics"}}""")]
    [InlineData("DELETE", "/properties", """{"properties":["flexProps.topic"]}""")]
    [InlineData("PUT", "/groups/states/1", """{"groups":[{"users":[{"userUuid":"student-1"}]}]}""")]
    [InlineData("PUT", "/groups/states/0", null)]
    [InlineData("PUT", "/widgets/poll", """{"state":1}""")]
    [InlineData("DELETE", "/widgets/poll", null)]
    [InlineData("DELETE", "/widgets/poll/extra", """{"extra":["question"]}""")]
    [InlineData("PUT", "/widgets/poll/users/student-1", """{"extra":{"answer":"B"}}""")]
    [InlineData("DELETE", "/widgets/poll/users/student-1", """{"extra":["answer"]}""")]
    [InlineData("PUT", "/users/student-1/properties", """{"properties":{"seat":"B4"}}""")]
    [InlineData("DELETE", "/users/student-1/properties", """{"properties":["seat"]}""")]
    public async Task AStaffWriteOfPropertiesGroupsOrWidgetsThroughOneInstanceMakesTheOthersNextReadFresh(string method, string path, string? body)
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: true);
        var a = await cluster.AddConnectedInstanceAsync();
        var b = await cluster.AddConnectedInstanceAsync();
        using var teacherOnA = a.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var assistantOnB = b.CreateClient(TestJwt.Assistant("room-1").Sign());
        using var write = new HttpRequestMessage(new HttpMethod(method), "/api/v1/rooms/room-1" + path) { Content = body is null ? null : Json.Body(body) };

        var first = await ReadAsync(teacherOnA);
        var cached = await ReadAsync(teacherOnA);
        var written = await assistantOnB.SendAsync(write, Json.Cancel);
        var afterWrite = await ReadAsync(teacherOnA);

        Assert.Equal(("MISS", "v0"), first);
        Assert.Equal(("HIT", "v0"), cached);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(("MISS", "v1"), afterWrite);
    }

    /// <summary>
    /// A write while Redis hangs cannot move the room's generation; once Redis answers again with the old details still
    /// in it, the writer makes the invalidation by itself, so the other instance's reads turn fresh without any read
    /// through the writer and long before the details' time to live.
    /// </summary>
    [Fact]
    public async Task AWriteWhileRedisHangsReachesTheOtherInstanceOnceRedisAnswersAgain()
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: true);
        var writer = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        var reader = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        using var teacher = writer.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var student = reader.CreateClient(TestJwt.Student("room-1").Sign());
        await ReadAsync(student);
        // Under the short timeout, a busy machine can make one read a MISS.
        var cached = await Poll.Until(() => ReadAsync(student), read => read.CacheStatus == "HIT");

        cluster.Redis!.Freeze();
        var write = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        cluster.Redis.Thaw();
        var fresh = await Poll.Until(() => ReadAsync(student), read => read.Name == "v1");

        Assert.Equal(("HIT", "v0"), cached);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal("v1", fresh.Name);
    }

    /// <summary>
    /// A read asked Agora before Redis restarted empty, and answers after a write made since: a room's generation never
    /// repeats a number handed out before the restart, so the read cannot store its older answer as the write's, which
    /// every instance would then serve for the rest of its minute.
    /// </summary>
    [Fact]
    public async Task AReadAskedBeforeRedisRestartedEmptyDoesNotStoreItsAnswerOverALaterWrite()
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis: true);
        var upstream = new RenamedByWrites();
        cluster.Upstream.Respond = upstream.Respond;
        // A write through an instance since gone moved the room's generation on.
        await using (var gone = await cluster.AddConnectedInstanceAsync())
        {
            using var teacherOnGone = gone.CreateClient(TestJwt.Teacher("room-1").Sign());
            Assert.Equal(HttpStatusCode.OK, (await teacherOnGone.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel)).StatusCode);
        }
        var a = await cluster.AddConnectedInstanceAsync();
        var b = await cluster.AddConnectedInstanceAsync();
        using var teacher = a.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var student = b.CreateClient(TestJwt.Student("room-1").Sign());
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.HoldNextRead(answer);
        var slowRead = ReadAsync(student);
        await upstream.ReadHeld.Task.WaitAsync(Json.Cancel);

        await cluster.Redis!.RestartAsync();
        await GatewayCluster.WaitUntilRedisAnswers(a);
        await GatewayCluster.WaitUntilRedisAnswers(b);
        await Leases.UntilHeldAsync(a, b);
        var written = await teacher.PutAsync("/api/v1/rooms/room-1/states/2", null, Json.Cancel);
        answer.SetResult();
        // The read's store, refused or not, is made before its answer.
        var slow = await slowRead;
        var onA = await ReadAsync(teacher);
        var onB = await ReadAsync(student);

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(("MISS", "v1"), slow);
        Assert.Equal(("MISS", "v2"), onA);
        Assert.Equal(("HIT", "v2"), onB);
    }

    [Fact]
    public async Task AJoinOfAUserAndRoomSeenBeforeIsServedFromTheInstancesOwnCopiesWithoutAskingRedis()
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: true);
        var instance = await cluster.AddConnectedInstanceAsync();
        using var student = instance.CreateClient(TestJwt.Student("room-1").Sign());
        using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis!.Configuration + ",allowAdmin=true");
        var server = redis.GetServers().Single();
        var (first, second, fromCopies, roomReads) = await Leases.HeldThroughout([instance], async () =>
        {
            // What a run before left, had the lease lapsed in it.
            await redis.GetDatabase().KeyDeleteAsync(server.Keys(pattern: "classroom-gateway:kicked:*").ToArray());
            var first = await JoinAsync(student);
            var second = await JoinAsync(student);
            var roomReads = RoomReads(cluster);

            // Behind the instance's back, as eviction and a kick whose message was lost would: the room's details leave
            // Redis, and a ban of the student enters it.
            var details = server.Keys(pattern: "classroom-gateway:room:*room-1}:list").Single();
            var ban = ((string)details!).Replace("classroom-gateway:room:", "classroom-gateway:kicked:", StringComparison.Ordinal)
                .Replace("}:list", "}:student-1", StringComparison.Ordinal);
            await redis.GetDatabase().KeyDeleteAsync(details);
            await redis.GetDatabase().StringSetAsync(ban, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1));
            return (first, second, await JoinAsync(student), roomReads);
        });

        Assert.Equal((HttpStatusCode.OK, "v0"), first);
        Assert.Equal((HttpStatusCode.OK, "v0"), second);
        Assert.Equal((HttpStatusCode.OK, "v0"), fromCopies);
        Assert.Equal(roomReads, RoomReads(cluster));
    }

    static async Task<(HttpStatusCode Status, string? RoomName)> JoinAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel);
        var name = response.IsSuccessStatusCode ? (await response.ReadJson()).GetProperty("data").GetProperty("roomName").GetString() : null;
        return (response.StatusCode, name);
    }

    static int RoomReads(GatewayCluster cluster) =>
        cluster.Upstream.Requests.Count(r => r.Method == "GET" && r.RawTarget.EndsWith("/rooms/room-1", StringComparison.Ordinal));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APassthroughWriteToTheRoomDropsItAndOneToAnotherRoomDoesNot(bool withRedis)
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis);
        var gateway = withRedis ? await cluster.AddConnectedInstanceAsync() : cluster.AddInstance();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var passthrough = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms";

        await ReadAsync(admin);
        var otherRoom = await admin.PutAsync($"{passthrough}/room-2/properties", Json.Body("""{"properties":{"a":1}}"""), Json.Cancel);
        var afterOther = await ReadAsync(admin);
        var thisRoom = await admin.PutAsync($"{passthrough}/room-1/properties", Json.Body("""{"properties":{"a":1}}"""), Json.Cancel);
        var afterThis = await ReadAsync(admin);

        Assert.Equal(HttpStatusCode.OK, otherRoom.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thisRoom.StatusCode);
        Assert.Equal("HIT", afterOther.CacheStatus);
        Assert.Equal(("MISS", "v2"), afterThis);
    }

    /// <summary>
    /// A room's own events drop its details on every instance, where no write went through the gateway: properties written
    /// from the classroom client or Agora's console, a class ended on Agora's side, which the join then refuses at once
    /// rather than after the cache's minute.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChangesMadeWithoutTheGatewayDropTheRoomByTheirEvents(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(Events.EventTestSettings.Polling(redis?.Configuration).ToDictionary(s => s.Key, s => s.Value));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        if (withRedis)
        {
            await Leases.UntilHeldAsync(gateway);
        }
        var created = await teacher.PostAsync("/api/v1/rooms/maths", new StringContent("""{"roomName":"Maths","roomType":4}""", System.Text.Encoding.UTF8, "application/json"), Json.Cancel);
        await ReadAsync(student);
        var cached = await ReadAsync(student);

        await Launch.KickedJoinTests.AtAgoraAsync(gateway.Emulator.BaseUrl, HttpMethod.Put, "maths/properties", """{"properties":{"quiz":"open"}}""");
        var changed = await Poll.Until(() => ReadAsync(student), read => read.Quiz == "open", TimeSpan.FromSeconds(20));
        await Launch.KickedJoinTests.AtAgoraAsync(gateway.Emulator.BaseUrl, HttpMethod.Put, "maths/states/1", "{}");
        await Launch.KickedJoinTests.AtAgoraAsync(gateway.Emulator.BaseUrl, HttpMethod.Put, "maths/states/2", "{}");
        var refused = await Poll.Until(() => student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
            join => join.StatusCode != HttpStatusCode.OK, TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(("HIT", null), (cached.CacheStatus, cached.Quiz));
        Assert.Equal("open", changed.Quiz);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(Classroom.Agora.Models.AgoraCodes.ClassAlreadyEnded, (await refused.ReadJson()).GetProperty("code").GetInt32());

        static async Task<(string? CacheStatus, string? Quiz)> ReadAsync(HttpClient client)
        {
            using var response = await client.GetAsync("/api/v1/rooms/maths", Json.Cancel);
            var properties = (await response.ReadJson()).GetProperty("data").GetProperty("roomProperties");
            return (response.Headers.TryGetValues("X-Cache-Status", out var status) ? status.Single() : null,
                properties.TryGetProperty("quiz", out var quiz) ? quiz.GetString() : null);
        }
    }

    [Fact]
    public async Task ARefusedWriteAJoinAndAStreamTicketKeepTheRoom()
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: false);
        var gateway = cluster.AddInstance();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await ReadAsync(teacher);
        var refused = await teacher.PutAsync("/api/v1/rooms/room-1/states/9", null, Json.Cancel);
        // A body in a transfer coding the gateway does not decode is refused (501) before anything is sent: a 5xx that changed nothing.
        using var coded = new HttpRequestMessage(HttpMethod.Put, "/api/v1/rooms/room-1/properties") { Content = Json.Body("""{"properties":{"quiz":"v9"}}""") };
        coded.Headers.TryAddWithoutValidation("Transfer-Encoding", "gzip, chunked");
        var undecoded = await teacher.SendAsync(coded, Json.Cancel);
        var joined = await teacher.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel);
        // A ticket changes nothing of the room: every browser opening its stream would otherwise drop the room's details.
        var ticket = await teacher.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel);
        var after = await ReadAsync(teacher);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, undecoded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        Assert.Equal(("HIT", "v0"), after);
        Assert.Single(cluster.Upstream.Requests, r => r.Method == "GET");
    }

    /// <summary>
    /// A write whose client leaves before its body has all arrived (a FIN or a reset midway) sent Agora nothing, so the room
    /// is as it was and every instance's copy stands; it was dropped as after a client that gave up while Agora had the
    /// call, so that any teacher could make every instance read the room again from Agora without writing anything.
    /// </summary>
    [Theory]
    [InlineData("PUT /api/v1/rooms/room-1/properties", false)]
    [InlineData("PUT /api/v1/rooms/room-1/properties", true)]
    [InlineData("PUT /edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1/properties", false)]
    public async Task AWriteWhoseClientLeftBeforeItsBodyArrivedKeepsTheRoom(string call, bool reset)
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: false);

        var seen = await ReadLeaveAndReadAgainAsync(cluster, async (address, logs) =>
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes($"{call} HTTP/1.1\r\nHost: {address.Authority}\r\n"
                + $"Authorization: Bearer {TestJwt.Admin().Sign()}\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"properties\":{\"a\""), Json.Cancel);
            await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request starting", StringComparison.Ordinal)
                && line.Contains(" PUT ", StringComparison.Ordinal))), started => started);
            if (reset)
            {
                socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            }
        });

        AssertEndedAsLeftUnsentAndKept(cluster, seen);
    }

    /// <summary>
    /// A write the gateway refuses itself (its body in another media type), whose client has left before the refusal is
    /// written, ends as a 499 as one whose client gave up while Agora had it; but it sent Agora nothing, so every instance's
    /// copy stands. It was dropped, so that any teacher could make every instance read the room again without writing anything.
    /// </summary>
    [Fact]
    public async Task ARefusedWriteWhoseClientLeftBeforeTheRefusalKeepsTheRoom()
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: false);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var seen = await ReadLeaveAndReadAgainAsync(cluster,
            (address, _) => LeaveAWriteAsync(address, "text/plain", held.Task), new HeldUntilTheClientLeaves(held));

        AssertEndedAsLeftUnsentAndKept(cluster, seen);
    }

    /// <summary>A write Agora had when its client left may have changed the room, and did: it is dropped on every instance.</summary>
    [Fact]
    public async Task AWriteWhoseClientLeftWhileAgoraHadItDropsTheRoom()
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis: false);
        cluster.Upstream.Respond = new RenamedByWrites { AnswersWrites = false }.Respond;

        var (cached, trail, after) = await ReadLeaveAndReadAgainAsync(cluster, (address, _) => LeaveAWriteAsync(address, "application/json",
            Poll.Until(() => Task.FromResult(cluster.Upstream.Requests.Any(r => r.Method == "PUT")), arrived => arrived)));

        Assert.Equal(("HIT", "v0"), cached);
        Assert.Equal(499, Assert.Single(trail).GetProperty("status").GetInt32());
        Assert.Equal(("MISS", "v1"), after);
    }

    /// <summary>
    /// A write the gateway held back before Agora — its circuit open, or no Agora token to be minted for it — is answered
    /// 503, as one Agora failed would be, but it changed nothing at Agora: the room stays cached as it was, on the writer
    /// and on every other instance, which is not told to drop it.
    /// </summary>
    [Theory]
    [InlineData(UnsentWrites.CircuitOpen, false)]
    [InlineData(UnsentWrites.CircuitOpen, true)]
    [InlineData(UnsentWrites.NoToken, false)]
    [InlineData(UnsentWrites.NoToken, true)]
    public async Task AWriteHeldBackBeforeAgoraKeepsTheRoomOnEveryInstance(string heldBack, bool withRedis)
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis);

        var (cached, write, after) = await UnsentWrites.WriteAndReadAgainAsync(heldBack, cluster, client => ReadAsync(client),
            read => read.CacheStatus == "HIT", teacher => teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel));

        Assert.Equal((("HIT", "v0"), ("HIT", "v0")), cached);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write);
        Assert.False(UnsentWrites.ReachedAgora(cluster.Upstream, "room-1"));
        Assert.Equal(cached, after);
    }

    /// <summary>The write ended as a 499, recorded as one whose client left, reached no Agora, and the room stayed cached as it was.</summary>
    static void AssertEndedAsLeftUnsentAndKept(GatewayCluster cluster, ((string?, string?) Cached, IReadOnlyList<JsonElement> Trail, (string?, string?) After) seen)
    {
        Assert.Equal(("HIT", "v0"), seen.Cached);
        var entry = Assert.Single(seen.Trail);
        Assert.Equal((499, true), (entry.GetProperty("status").GetInt32(), entry.TryGetProperty("clientLeft", out var left) && left.GetBoolean()));
        Assert.Equal(0, cluster.Upstream.Arrived - cluster.Upstream.Requests.Count(r => r.Method == "GET"));
        Assert.Equal(("HIT", "v0"), seen.After);
    }

    /// <summary>
    /// Reads room-1 twice (the second from the cache), lets a client send a write and <paramref name="leave"/> (it is given
    /// the gateway's address and its log lines), then reads the trail and, once the write's request has ended, the room again.
    /// </summary>
    static async Task<((string?, string?) Cached, IReadOnlyList<JsonElement> Trail, (string?, string?) After)> ReadLeaveAndReadAgainAsync(
        GatewayCluster cluster, Func<Uri, CapturedLogs, Task> leave, IStartupFilter? inFront = null)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(cluster.Upstream.BaseUrl)) { Logs = logs, InFront = inFront };
        var address = gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await ReadAsync(admin);
        var cached = await ReadAsync(admin);

        await leave(address, logs);
        var trail = await admin.WaitForAuditAsync(1);
        // What the request does as it ends is done once its end is logged.
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal)
            && line.Contains(" PUT ", StringComparison.Ordinal))), finished => finished);
        return (cached, trail, await ReadAsync(admin));
    }

    /// <summary>An admin's whole write to room-1's properties, with a body of <paramref name="contentType"/>; the client leaves once <paramref name="then"/> is done.</summary>
    static Task LeaveAWriteAsync(Uri address, string contentType, Task then) =>
        LeavingClient.LeaveAsync(address, "PUT /api/v1/rooms/room-1/properties", TestJwt.Admin().Sign(), """{"properties":{"a":1}}""",
            _ => then, contentType);

    /// <summary>Holds every write, before the gateway looks at it, until its client has left: a refusal then has nobody to reach.</summary>
    sealed class HeldUntilTheClientLeaves(TaskCompletionSource held) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (!HttpMethods.IsGet(context.Request.Method))
                {
                    held.TrySetResult();
                    await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                await inner(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task AnErrorIsNeverKept()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 404, """{"code":20404100,"msg":"classroom does not exist","ts":1}""");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var first = await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var second = await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        Assert.All([first, second], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(20404100, (await second.ReadJson()).GetProperty("code").GetInt32());
        Assert.Equal(2, upstream.Requests.Count);
    }

    const string Room1 = """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-1","roomName":"v0","state":0,"createTime":1,"roomProperties":{"roomType":4}}}""";
    const string NoRoom = """{"code":20404100,"msg":"classroom does not exist","ts":1}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheFirstJoinsOfAClassAllAtOnceAskAgoraForTheRoomOnce(bool withRedis)
    {
        const int students = 16;
        await using var cluster = await GatewayCluster.StartAsync(withRedis);
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.Upstream.Respond = async context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await answering.Task;
                await RecordingUpstream.Reply(context, 200, Room1);
                return;
            }
            await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1}""");
        };
        var gateway = withRedis ? await cluster.AddConnectedInstanceAsync() : cluster.AddInstance();
        using var lookups = gateway.Measure("gateway.cache.lookups");
        var clients = Enumerable.Range(1, students)
            .Select(i => gateway.CreateClient(new TestJwt { Subject = $"student-{i}", Rooms = new[] { "room-1" } }.Sign())).ToList();

        var joins = clients.Select(client => JoinAsync(client)).ToList();
        // Every join has missed the room and is on its way to Agora, or waiting for an answer already asked for, before Agora answers.
        var missed = await Poll.Until(() => Task.FromResult(lookups.Misses("rooms")), count => count == students);
        answering.SetResult();
        var joined = await Task.WhenAll(joins);

        Assert.Equal(students, missed);
        Assert.All(joined, join => Assert.Equal((HttpStatusCode.OK, "v0"), join));
        Assert.Equal(1, RoomReads(cluster));
        Assert.Equal((HttpStatusCode.OK, "v0"), await JoinAsync(clients[0]));
        Assert.Equal(1, RoomReads(cluster));
        clients.ForEach(client => client.Dispose());
    }

    /// <summary>
    /// With <c>Agora:UpstreamCredential</c> <c>Caller</c> each read asks as its own caller: Agora's refusal of one caller's
    /// token is not handed to another caller's read waiting for the same room, which asks with its own token.
    /// </summary>
    [Fact]
    public async Task InCallerModeOneCallersRefusalIsNotSharedWithAnotherWaitingForTheRoom()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.Respond = async context =>
        {
            if (context.Request.Headers["x-agora-uid"] == "student-1")
            {
                await answering.Task;
                await RecordingUpstream.Reply(context, 401, """{"message":"invalid token"}""");
                return;
            }
            await RecordingUpstream.Reply(context, 200, Room1);
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(Configuration.UpstreamCredential.Caller));
        using var lookups = gateway.Measure("gateway.cache.lookups");
        using var refused = gateway.CreateClient(new TestJwt { Subject = "student-1", Rooms = new[] { "room-1" } }.Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var first = refused.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        await Poll.Until(() => Task.FromResult(upstream.Requests.Count), count => count == 1);
        var second = teacher.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        // Both reads have missed the room, the second waiting for the first's question, before Agora answers it.
        Assert.Equal(2, await Poll.Until(() => Task.FromResult(lookups.Misses("rooms")), count => count == 2));
        answering.SetResult();

        Assert.Equal(HttpStatusCode.Unauthorized, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second).StatusCode);
        Assert.Equal(["student-1", TestJwt.Teacher("room-1").Subject], upstream.Requests.Select(r => r.Header("x-agora-uid")));
    }

    [Fact]
    public async Task AJoinThatCreatesTheRoomDoesNotShareTheNotFoundOfAReadAskedBeforeTheRoomWasMade()
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis: false);
        var created = false;
        var creating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readWhileCreating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readAfterCreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.Upstream.Respond = async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                // The room is made only once a student's read has reached Agora while it did not exist.
                creating.SetResult();
                await readWhileCreating.Task.WaitAsync(TimeSpan.FromSeconds(10), Json.Cancel);
                Volatile.Write(ref created, true);
                await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1}""");
            }
            else if (Volatile.Read(ref created))
            {
                readAfterCreated.TrySetResult();
                await RecordingUpstream.Reply(context, 200, Room1);
            }
            else if (creating.Task.IsCompleted)
            {
                // Held until the join reads the room it made, or for long enough for the join to take this answer instead.
                readWhileCreating.SetResult();
                await Task.WhenAny(readAfterCreated.Task, Task.Delay(TimeSpan.FromSeconds(3), Json.Cancel));
                await RecordingUpstream.Reply(context, 404, NoRoom);
            }
            else
            {
                await RecordingUpstream.Reply(context, 404, NoRoom);
            }
        };
        var gateway = cluster.AddInstance();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var join = teacher.PostAsync("/api/v1/rooms/room-1/join", Json.Body("""{"roomName":"v0","roomType":4}"""), Json.Cancel);
        await creating.Task.WaitAsync(TimeSpan.FromSeconds(10), Json.Cancel);
        var read = await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var joined = await join;

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal("v0", (await joined.ReadJson()).GetProperty("data").GetProperty("roomName").GetString());
    }
}
