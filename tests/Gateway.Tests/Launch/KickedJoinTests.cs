using System.Net;
using Classroom.Agora;
using Classroom.Agora.Models;
using Classroom.Agora.Tokens;
using Gateway.Launch;
using Gateway.Redis;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Launch;

/// <summary>A user kicked out dirty is refused by the join, as Agora refuses its entry, on every instance.</summary>
public sealed class KickedJoinTests
{

    /// <summary>The classroom client's own entry, straight to Agora (the emulator), as the SDK makes it.</summary>
    internal static Task EnterAsync(Uri agora, string room, string user, int role) =>
        AtAgoraAsync(agora, HttpMethod.Put, $"{Uri.EscapeDataString(room)}/users/{Uri.EscapeDataString(user)}", $$"""{"userName":"{{user}}","role":{{role}}}""");

    /// <summary>A call of a room's, straight to Agora (the emulator) with the app's token, the gateway not asked; it must succeed.</summary>
    internal static async Task AtAgoraAsync(Uri agora, HttpMethod method, string roomPath, string json)
    {
        using var client = new HttpClient { BaseAddress = agora };
        using var request = new HttpRequestMessage(method, $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/{roomPath}") { Content = Json.Body(json) };
        var appToken = new EducationTokenBuilder(TimeProvider.System).AppToken(AgoraSandbox.Credentials, TimeSpan.FromMinutes(10)).Token;
        request.Headers.TryAddWithoutValidation("Authorization", $"agora token=\"{appToken}\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Json.Cancel)).StatusCode);
    }

    /// <summary>Two instances on one Redis (<see cref="SandboxPair"/>), the room "maths" made through A, its teacher on A and a student on B.</summary>
    sealed class MathsOnTwoInstances(GatewayFactory a, GatewayFactory b) : IAsyncDisposable
    {
        public GatewayFactory A => a;
        public GatewayFactory B => b;
        public HttpClient Teacher { get; } = a.CreateClient(TestJwt.Teacher("maths").Sign());
        public HttpClient StudentOnB { get; } = b.CreateClient(TestJwt.Student("maths").Sign());

        public static Task<MathsOnTwoInstances> StartAsync(IRedisDeployment redis) =>
            StartAsync([("Redis:Configuration", redis.Configuration)], [("Redis:Configuration", redis.Configuration)]);

        /// <summary>The two with settings of their own (A's, then B's), which name the Redis they share, and the clock, if given, of both.</summary>
        public static async Task<MathsOnTwoInstances> StartAsync((string Key, string? Value)[] aSettings, (string Key, string? Value)[] bSettings,
            TimeProvider? clock = null)
        {
            var (sandbox, peer) = await SandboxPair.StartAsync(aSettings, bSettings, clock);
            var pair = new MathsOnTwoInstances(sandbox, peer);
            await pair.Teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
            return pair;
        }

        public async ValueTask DisposeAsync()
        {
            Teacher.Dispose();
            StudentOnB.Dispose();
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task AUserKickedOutDirtyThroughOneInstanceIsRefusedByTheJoinOnAnother(string shape)
    {
        await using var redis = await RedisDeployments.StartAsync(shape);
        await using var pair = await MathsOnTwoInstances.StartAsync(redis);
        var (a, b, teacher, studentOnB) = (pair.A, pair.B, pair.Teacher, pair.StudentOnB);
        // B keeps what its join read (no ban) as its own copy, which the kick through A must take away.
        await Leases.UntilHeldAsync(b);
        var before = await studentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        await EnterAsync(a.Emulator.BaseUrl, "maths", "student-1", 2);

        var kicked = await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel);
        var refused = await studentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.ReadJson();
        Assert.Equal(AgoraCodes.UserBanned, problem.GetProperty("code").GetInt32());
        Assert.False(problem.TryGetProperty("data", out _));
    }

    /// <summary>The two on <paramref name="redis"/>, A reaching it as the user "kicker", whose keys <see cref="KickDuringASplitAsync"/> takes away.</summary>
    static async Task<MathsOnTwoInstances> StartWithAKickerAsync(RedisServer redis, TimeProvider? clock = null)
    {
        await redis.CliAsync("ACL", "SETUSER", "kicker", "on", ">kicker-password", "~*", "&*", "+@all");
        var pair = await MathsOnTwoInstances.StartAsync(
            [("Redis:Configuration", $"{redis.Configuration},user=kicker,password=kicker-password")], [("Redis:Configuration", redis.Configuration)],
            clock);
        await Leases.UntilHeldAsync(pair.B);
        return pair;
    }

    /// <summary>
    /// The teacher's dirty kick of student-1 through A (<see cref="StartWithAKickerAsync"/>) in the split of a failover, as
    /// for the resource lists (<see cref="Caching.RedisOutageTests"/>): A cannot reach Redis (it was on the frozen primary)
    /// while B can (already on the promoted replica), renewing its lease and keeping its copies. Redis's ACL makes the
    /// split (A's user may touch no key); once A has tried the ban, <paramref name="meanwhile"/> runs, then A returns, its
    /// lease renewals still refused, so that its lease is not taken again before the answer and the catch-up after a lapse
    /// does not tell the ban first: the kick's try once more, after its wait for the leases, tells it.
    /// </summary>
    static async Task<HttpResponseMessage> KickDuringASplitAsync(RedisServer redis, MathsOnTwoInstances pair, int seconds, Func<Task>? meanwhile = null)
    {
        await redis.CliAsync("ACL", "SETUSER", "kicker", "resetkeys");
        var kick = pair.Teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body($$$"""{"dirty":{"state":1,"duration":{{{seconds}}}}}"""),
            Json.Cancel);
        await Poll.Until(() => redis.CliAsync("ACL", "LOG"), log => log.Contains("classroom-gateway:kicked:{", StringComparison.Ordinal));
        if (meanwhile is not null)
        {
            await meanwhile();
        }
        await redis.CliAsync("ACL", "SETUSER", "kicker", "resetkeys", "%R~*", "~classroom-gateway:kicked:*", "~classroom-gateway:room:*",
            "~*:sequence", "~*:acknowledged");
        var kicked = await kick;
        // A whole again once answered: its stop would wait to write the kick's audit entry, on a clock a test may hold still.
        await redis.CliAsync("ACL", "SETUSER", "kicker", "~*");
        return kicked;
    }

    /// <summary>
    /// A kick whose ban Redis could not take (<see cref="KickDuringASplitAsync"/>) waits out the leases, and by then A
    /// reaches Redis again: it tells the ban once more before it answers, so B refuses the kicked user's join right after
    /// the kick's answer, where it handed out launch options from its copy of "no ban", read by its join before.
    /// </summary>
    [Fact]
    public async Task AKickWhoseBanRedisCouldNotTakeTriesItOnceMoreBeforeItsAnswerSoAnInstanceThatReachedRedisThroughoutRefusesTheJoin()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var pair = await StartWithAKickerAsync(redis);
        var before = await pair.StudentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        await EnterAsync(pair.A.Emulator.BaseUrl, "maths", "student-1", 2);

        var kicked = await KickDuringASplitAsync(redis, pair, 600);
        var join = await pair.StudentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, join.StatusCode);
        Assert.Equal(AgoraCodes.UserBanned, (await join.ReadJson()).GetProperty("code").GetInt32());
    }

    /// <summary>
    /// A second, longer kick of a user whose first ban Redis still holds, made while Redis could not take it
    /// (<see cref="KickDuringASplitAsync"/>): the try once more replaces the ban that ends sooner, so B refuses the user once
    /// the first ban has ended. It stored only where Redis held no ban, and left the first ban there: B let the user in
    /// when that ended. Redis holds the first ban past its end as the instances' clock moves and Redis's does not: the
    /// user enters again, as Agora lets it, and is kicked again.
    /// </summary>
    [Fact]
    public async Task ALongerKickWhoseBanRedisCouldNotTakeReplacesTheShorterBanRedisHolds()
    {
        await using var redis = await RedisServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var pair = await StartWithAKickerAsync(redis, clock);
        await EnterAsync(pair.A.Emulator.BaseUrl, "maths", "student-1", 2);
        var shortKick = await pair.Teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("""{"dirty":{"state":1,"duration":60}}"""),
            Json.Cancel);
        clock.Advance(TimeSpan.FromSeconds(30));
        var refusedInTheShortBan = await pair.StudentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        clock.Advance(TimeSpan.FromSeconds(31));
        await EnterAsync(pair.A.Emulator.BaseUrl, "maths", "student-1", 2);

        var longKick = await KickDuringASplitAsync(redis, pair, 600);
        var join = await pair.StudentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, shortKick.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedInTheShortBan.StatusCode);
        Assert.Equal(HttpStatusCode.OK, longKick.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, join.StatusCode);
        Assert.Equal(AgoraCodes.UserBanned, (await join.ReadJson()).GetProperty("code").GetInt32());
    }

    /// <summary>
    /// The kick's try once more never cuts short a ban Redis holds that ends later: another instance's kick of the same
    /// user, stored while A could not reach Redis (written here, as Agora, which keeps the user out, would refuse B's kick
    /// of it). B refuses the user past the end of A's shorter ban, and Redis holds the longer ban as it was.
    /// </summary>
    [Fact]
    public async Task AKicksTryOnceMoreKeepsALongerBanRedisHolds()
    {
        await using var redis = await RedisServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var pair = await StartWithAKickerAsync(redis, clock);
        await EnterAsync(pair.A.Emulator.BaseUrl, "maths", "student-1", 2);
        var key = $"{RedisConnection.KeyPrefix}kicked:{{{RedisConnection.AppInKeys(AgoraSandbox.AppId)}:maths}}:student-1";
        var longer = $"{clock.GetUtcNow().AddSeconds(600).ToUnixTimeMilliseconds()} {clock.GetUtcNow().ToUnixTimeMilliseconds()}";

        var kicked = await KickDuringASplitAsync(redis, pair, 60, () => redis.CliAsync("SET", key, longer, "EX", "600"));
        clock.Advance(TimeSpan.FromSeconds(61));
        var join = await pair.StudentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, join.StatusCode);
        Assert.Equal(longer, (await redis.CliAsync("GET", key)).Trim());
    }

    /// <summary>
    /// Redis restarts empty, having missed the kick (made while it was down) or lost it (made before): the instance that
    /// made it tells Redis again once it reaches it, and the other instance's join refuses the user again.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AKickReachesTheOtherInstancesOnceRedisIsBackEmpty(bool kickedWhileRedisWasDown)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var pair = await MathsOnTwoInstances.StartAsync(redis);
        var (a, b, teacher, studentOnB) = (pair.A, pair.B, pair.Teacher, pair.StudentOnB);
        await EnterAsync(a.Emulator.BaseUrl, "maths", "student-1", 2);
        if (kickedWhileRedisWasDown)
        {
            redis.Kill();
        }
        var kicked = await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel);

        await redis.RestartAsync();
        var leased = await Poll.Until(() => Task.FromResult(b.Services.GetRequiredService<LocalCopies>().Leased), held => held);
        var join = await Poll.Until(async () => (await studentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel)).StatusCode,
            status => status == HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.True(leased);
        Assert.Equal(HttpStatusCode.Forbidden, join);
    }

    [Theory]
    [InlineData("""{"dirty":{"state":1,"duration":600}}""", 601, true)]
    [InlineData("""{"dirty":{"state":1,"duration":600}}""", 599, false)]
    [InlineData("""{"dirty":{"state":1}}""", 86_400, false)]
    // Without a duration, for good: kept a year, Agora's longest ban.
    [InlineData("""{"dirty":{"state":1}}""", 31_535_999, false)]
    [InlineData("""{"dirty":{"state":1}}""", 31_536_001, true)]
    [InlineData("""{"dirty":{"state":0,"duration":600}}""", 0, true)]
    [InlineData("", 0, true)]
    public async Task TheJoinRefusesAKickedUserOnlyWhileItsBanRuns(string kick, int secondsLater, bool mayJoin)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory { Clock = clock };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
        await EnterAsync(gateway.Emulator.BaseUrl, "maths", "student-1", 2);
        var kicked = await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body(kick), Json.Cancel);

        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        var join = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(mayJoin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, join.StatusCode);
    }

    /// <summary>
    /// A user kicked out dirty is refused every route of the room while the ban runs, not the join and the live events
    /// alone: the room's details and its resources were still read by the user the class had put out. Another student of the room, and the kicked user in another room, are served; and the
    /// kicked user again once the ban has ended.
    /// </summary>
    [Fact]
    public async Task AKickedUserIsRefusedEveryRouteOfTheRoomWhileItsBanRuns()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory { Clock = clock };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("*").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("*").Sign());
        using var classmate = gateway.CreateClient(new TestJwt { Subject = "student-2", Roles = "student", Rooms = "maths" }.Sign());
        foreach (var room in (string[])["maths", "art"])
        {
            await teacher.PostAsync($"/api/v1/rooms/{room}", Json.Body($$"""{"roomName":"{{room}}","roomType":4}"""), Json.Cancel);
        }
        await EnterAsync(gateway.Emulator.BaseUrl, "maths", "student-1", 2);
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit",
            Json.Body("""{"dirty":{"state":1,"duration":60}}"""), Json.Cancel)).StatusCode);
        (HttpMethod Method, string Path)[] routes =
        [
            (HttpMethod.Get, ""), (HttpMethod.Get, "/resources"),
            (HttpMethod.Post, "/join"), (HttpMethod.Post, "/events/ticket"),
        ];
        async Task<string> Answers(HttpClient client, string room) => string.Join(", ", await Task.WhenAll(routes.Select(async route =>
        {
            var answer = await client.SendAsync(new HttpRequestMessage(route.Method, $"/api/v1/rooms/{room}{route.Path}"), Json.Cancel);
            var code = answer.StatusCode == HttpStatusCode.Forbidden ? $" {(await answer.ReadJson()).GetProperty("code").GetInt32()}" : "";
            return $"{route.Method} {route.Path}: {(int)answer.StatusCode}{code}";
        })));
        var served = string.Join(", ", routes.Select(route => $"{route.Method} {route.Path}: 200"));

        var kicked = await Answers(student, "maths");
        var elsewhere = await Answers(student, "art");
        var classmates = await Answers(classmate, "maths");
        clock.Advance(TimeSpan.FromSeconds(61));
        var afterTheBan = await Answers(student, "maths");

        var seen = $"kicked: {kicked}\nin another room: {elsewhere}\na classmate: {classmates}\nafter the ban: {afterTheBan}";
        Assert.True(string.Join(", ", routes.Select(route => $"{route.Method} {route.Path}: 403 {AgoraCodes.UserBanned}")) == kicked, seen);
        Assert.True(new[] { elsewhere, classmates, afterTheBan }.All(answers => answers == served), seen);
    }

    /// <summary>
    /// A ban is the room's: Agora destroys a room an hour after its class ended, and a room made afterwards under the same
    /// id lets in a user kicked out of the old one for good, so the join and the live events let it in too. The old room's
    /// ban held until then, in process and through Redis.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AUserKickedOutForGoodMayJoinTheNewRoomMadeUnderTheIdOfTheDestroyedOne(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration }) { Clock = clock };
        if (withRedis)
        {
            await GatewayCluster.WaitUntilRedisAnswers(gateway);
        }
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        // Signed in for longer than the clock moves: the ticket is refused to a sign-in that ended by the gateway's clock.
        using var student = gateway.CreateClient((TestJwt.Student("maths") with { Lifetime = TimeSpan.FromDays(30) }).Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
        await EnterAsync(gateway.Emulator.BaseUrl, "maths", "student-1", 2);
        var kicked = await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("""{"dirty":{"state":1}}"""), Json.Cancel);
        var refusedInTheOldRoom = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        var destroyed = await ClassOfLastWeekAsync(teacher, clock);
        var made = await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths, week 2","roomType":4}"""), Json.Cancel);
        var join = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        var ticket = await student.PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel);
        // The client's own entry, as Agora (the emulator) takes it: through the admins' passthrough, on the moved clock.
        var entered = await admin.PutAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/maths/users/student-1",
            Json.Body("""{"userName":"student-1","role":2}"""), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedInTheOldRoom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, destroyed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
    }

    /// <summary>
    /// Starts and ends the class in <c>maths</c> through <paramref name="staff"/>, and moves the clock past Agora's
    /// destruction of the room an hour after its end, then a week on: the answer of the room's read in between.
    /// </summary>
    static async Task<HttpResponseMessage> ClassOfLastWeekAsync(HttpClient staff, FakeTimeProvider clock)
    {
        await staff.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);
        await staff.PutAsync("/api/v1/rooms/maths/states/2", null, Json.Cancel);
        clock.Advance(TimeSpan.FromHours(2));
        var destroyed = await staff.GetAsync("/api/v1/rooms/maths", Json.Cancel);
        clock.Advance(TimeSpan.FromDays(7));
        return destroyed;
    }

    /// <summary>
    /// The ban goes with its room: a teacher kicked out of a room for good, once Agora has destroyed it, makes the new room
    /// under its id as anyone may, and joins it. The ban was held against every route of the id, the making of a room that
    /// did not exist too, so the teacher could make it never again.
    /// </summary>
    [Fact]
    public async Task ATeacherKickedOutForGoodMakesTheNewRoomUnderTheIdOfTheDestroyedOne()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory { Clock = clock };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var teacher = gateway.CreateClient((TestJwt.Teacher("maths") with { Lifetime = TimeSpan.FromDays(30) }).Sign());
        await admin.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
        await EnterAsync(gateway.Emulator.BaseUrl, "maths", "teacher-1", 1);
        var kicked = await admin.PostAsync("/api/v1/rooms/maths/users/teacher-1/exit", Json.Body("""{"dirty":{"state":1}}"""), Json.Cancel);
        var destroyed = await ClassOfLastWeekAsync(admin, clock);
        var made = await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths, week 2","roomType":4}"""), Json.Cancel);
        var join = await teacher.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, destroyed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
    }

    /// <summary>
    /// A kicked teacher's join with a create body, once the room it was kicked out of is gone: the ban check asks Agora
    /// for the room, and the join takes that answer rather than ask again, so its chain of calls to Agora is the query,
    /// the create and the query again, which the graceful stop's bound counts
    /// (<see cref="Gateway.Configuration.GracefulStop.LongestChainOfCalls"/>). It asked for the room twice before creating it.
    /// </summary>
    [Fact]
    public async Task AKickedTeachersJoinThatCreatesTheGoneRoomAsksAgoraForItOnceBeforeTheCreate()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var created = false;
        upstream.Respond = context => (context.Request.Method, context.Request.Path.Value) switch
        {
            ("GET", "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/maths") when created => RecordingUpstream.Reply(context, 200,
                """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"maths","roomName":"Maths","roomProperties":{"roomType":4},"state":0,"createTime":1}}"""),
            ("GET", _) => RecordingUpstream.Reply(context, 404, """{"code":20404100,"msg":"Room not found","ts":1}"""),
            ("POST", "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/maths") => Created(context),
            _ => RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}"""),
        };
        Task Created(Microsoft.AspNetCore.Http.HttpContext context)
        {
            created = true;
            return RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
        }
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        var kicked = await admin.PostAsync("/api/v1/rooms/maths/users/teacher-1/exit", Json.Body("""{"dirty":{"state":1}}"""), Json.Cancel);
        upstream.Requests.Clear();

        var join = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Equal("GET /v2/rooms/maths, POST /v2/rooms/maths, GET /v2/rooms/maths", string.Join(", ",
            upstream.Requests.Select(r => $"{r.Method} {r.RawTarget.Replace($"/edu/apps/{AgoraSandbox.AppId}", "", StringComparison.Ordinal)}")));
    }

    /// <summary>
    /// Ids may hold the characters a key is made of: a kick of one user in one room is no one else's ban, whatever the ids.
    /// </summary>
    [Theory]
    [InlineData("a", "b}:c", "a}:b", "c")]
    [InlineData("a:b", "x", "a%3Ab", "x")]
    public async Task AKickBansNoOtherUserOfAnotherRoomWhoseIdsSpellTheSameKey(string room, string user, string otherRoom, string otherUser)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var kickedOne = gateway.CreateClient(new TestJwt { Subject = user, Roles = "student", Rooms = new[] { room } }.Sign());
        using var other = gateway.CreateClient(new TestJwt { Subject = otherUser, Roles = "student", Rooms = new[] { otherRoom } }.Sign());
        foreach (var created in new[] { room, otherRoom })
        {
            await admin.PostAsync($"/api/v1/rooms/{Uri.EscapeDataString(created)}", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
        }
        await EnterAsync(gateway.Emulator.BaseUrl, room, user, 2);

        var kicked = await admin.PostAsync($"/api/v1/rooms/{Uri.EscapeDataString(room)}/users/{Uri.EscapeDataString(user)}/exit",
            Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel);
        var banned = await kickedOne.PostAsync($"/api/v1/rooms/{Uri.EscapeDataString(room)}/join", null, Json.Cancel);
        var notBanned = await other.PostAsync($"/api/v1/rooms/{Uri.EscapeDataString(otherRoom)}/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, banned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notBanned.StatusCode);
    }

    /// <summary>
    /// An instance with Redis keeps the kicks made through it while their ban runs, to tell Redis of them again after a
    /// lapse; once their ban has ended they go, without a lapse. They were kept for the life of the process: every dirty
    /// kick ever made through it, some 500 bytes each, though Redis, running well, never asked for them again.
    /// </summary>
    [Fact]
    public async Task AnInstanceLetsGoOfTheKicksItMadeOnceTheirBansHaveEnded()
    {
        await using var redis = await RedisServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration }) { Clock = clock };
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var kicks = new List<HttpStatusCode>();
        async Task KickAsync(string room, string user, int seconds)
        {
            await EnterAsync(gateway.Emulator.BaseUrl, room, user, 2);
            kicks.Add((await admin.PostAsync($"/api/v1/rooms/{room}/users/{user}/exit", Json.Body($"{{\"dirty\":{{\"state\":1,\"duration\":{seconds}}}}}"),
                Json.Cancel)).StatusCode);
        }
        foreach (var room in new[] { "room-a", "room-b", "room-c", "room-d" })
        {
            await admin.PostAsync($"/api/v1/rooms/{room}", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
            for (var user = 0; user < 5; user++)
            {
                await KickAsync(room, $"student-{user}", 60);
            }
        }
        await KickAsync("room-a", "student-long", 3600);
        var keptWhileRunning = MadeKicks(gateway).Count;

        clock.Advance(TimeSpan.FromMinutes(2));
        await KickAsync("room-b", "student-late", 600);
        var keptAfterwards = MadeKicks(gateway).Keys.Cast<string>().Order(StringComparer.Ordinal).ToList();
        using var longKicked = gateway.CreateClient(new TestJwt { Subject = "student-long", Roles = "student", Rooms = new[] { "room-a" } }.Sign());
        var stillBanned = await longKicked.PostAsync("/api/v1/rooms/room-a/join", null, Json.Cancel);

        Assert.All(kicks, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(21, keptWhileRunning);
        Assert.Equal(["kicked\nroom-a\nstudent-long", "kicked\nroom-b\nstudent-late"], keptAfterwards);
        Assert.Equal(HttpStatusCode.Forbidden, stillBanned.StatusCode);
    }

    /// <summary>The kicks an instance made and keeps: private to the class, so the test reads its field.</summary>
    static System.Collections.IDictionary MadeKicks(GatewayFactory gateway) =>
        (System.Collections.IDictionary)typeof(KickedUsers)
            .GetField("_made", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(gateway.Services.GetRequiredService<KickedUsers>())!;

    [Fact]
    public async Task AKickAgoraRefusedBansNobody()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);

        // The student never entered: Agora answers 404, and nobody was kicked.
        var kicked = await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel);
        var join = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.NotFound, kicked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
    }
}
