using System.Net;
using Gateway.Audit;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Audit;

/// <summary>Every write through the gateway is recorded, by whom and with what outcome; reads and strangers are not.</summary>
public sealed class AuditTrailTests
{
    /// <summary>The only write routes that change no state, each for the reason its metadata gives.</summary>
    static readonly string[] Exempt = ["IssueDevToken", "Metrics", "MintRtmToken"];

    [Fact]
    public async Task EveryWriteRouteTheGatewayServesIsAudited()
    {
        // The sandbox, so that its own write route is among those looked at.
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var writes = GatewayRoutes.Of(gateway.Services).Where(w => AuditRecording.IsWrite(w.Method)).ToList();
        var exempt = writes.Where(w => w.Endpoint.Metadata.GetMetadata<NotAudited>() is not null)
            .Select(w => w.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).Distinct().Order().ToList();
        var audited = writes.Where(w => w.Endpoint.Metadata.GetMetadata<NotAudited>() is null).ToList();

        foreach (var (endpoint, method) in audited)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), GatewayRoutes.Fill(endpoint.RoutePattern.RawText!)) { Content = Json.Body("{}") };
            await admin.SendAsync(request, Json.Cancel);
        }
        var trail = await admin.WaitForAuditAsync(audited.Count);

        Assert.Equal(Exempt.Order(), exempt);
        Assert.NotEmpty(audited);
        Assert.Equal(audited.Select(w => w.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).Order(), trail.Select(e => e.Action()).Order());
    }

    [Fact]
    public async Task AnEntrySaysWhoDidWhatToWhichRoomAndUserAndHowItEnded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => context.Request.Path.Value!.EndsWith("/states/1", StringComparison.Ordinal)
            ? RecordingUpstream.Reply(context, 409, """{"code":30409100,"msg":"class already started","ts":1}""")
            : RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1}""");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "maths" }.Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var kick = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rooms/maths/users/student-1/exit") { Content = Json.Body("""{"dirty":{"state":1,"duration":60}}""") };
        kick.Headers.Add("X-Request-Id", "kick-1");

        await teacher.SendAsync(kick, Json.Cancel);
        await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);
        await student.PutAsync("/api/v1/rooms/maths/states/2", null, Json.Cancel);
        await teacher.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/maths/resources") { Content = Json.Body("""{"resourceUuid":["a","b"]}""") }, Json.Cancel);
        await teacher.GetAsync("/api/v1/rooms/maths/resources", Json.Cancel);
        await gateway.CreateClient().PutAsync("/api/v1/rooms/maths/states/2", null, Json.Cancel);
        var trail = await admin.WaitForAuditAsync(4);

        Assert.Equal(4, trail.Count);
        var kicked = trail[0];
        Assert.Equal("KickUser", kicked.Action());
        Assert.Equal("teacher-1", kicked.Actor());
        Assert.Equal(["admin", "teacher"], kicked.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("maths", kicked.GetProperty("roomUuid").GetString());
        Assert.Equal("student-1", kicked.GetProperty("target").GetString());
        Assert.Equal(200, kicked.GetProperty("status").GetInt32());
        Assert.Equal(0, kicked.GetProperty("code").GetInt32());
        Assert.Equal("kick-1", kicked.GetProperty("requestId").GetString());
        Assert.True(kicked.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal((409, 30409100), (trail[1].GetProperty("status").GetInt32(), trail[1].GetProperty("code").GetInt32()));
        Assert.Equal(("SetClassState", "student-1", 403, 403), (trail[2].Action(), trail[2].Actor(), trail[2].GetProperty("status").GetInt32(), trail[2].GetProperty("code").GetInt32()));
        Assert.Equal(("DeleteResources", """["a","b"]"""), (trail[3].Action(), trail[3].GetProperty("target").GetString()));
    }

    /// <summary>
    /// Starting a class and ending it, a recording's start and stop, opening and closing groups: each entry says which. A
    /// state the route refused says what was asked when it is a number as Agora writes one (9); <c>01</c> is none, as the
    /// route reads it, not the state 1 it did not set.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnEntrySaysWhichStateACallSet(bool withRedis)
    {
        await using var rig = await MathsRig.StartAsync(withRedis);
        var (teacher, admin) = (rig.Teacher, rig.Admin);
        string[] calls = ["/states/1", "/states/2", "/records/states/1?roomType=4", "/records/states/0", "/groups/states/0", "/states/9",
            "/groups/states/01"];

        foreach (var call in calls)
        {
            await teacher.PutAsync("/api/v1/rooms/maths" + call, null, Json.Cancel);
        }
        await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("{}"), Json.Cancel);
        var trail = await admin.WaitForAuditAsync(calls.Length + 1);

        Assert.Equal([("SetClassState", 1), ("SetClassState", 2), ("SetRecordingState", 1), ("SetRecordingState", 0), ("SetBreakoutGroups", 0),
            ("SetClassState", 9), ("SetBreakoutGroups", -1), ("KickUser", -1)],
            trail.Select(e => (e.Action(), e.TryGetProperty("state", out var state) ? state.GetInt32() : -1)));
        Assert.Equal(400, trail[5].GetProperty("status").GetInt32());
        Assert.Equal(400, trail[6].GetProperty("status").GetInt32());
    }

    /// <summary>
    /// A refusal is recorded with the room and target it named, but no more of them than any id can be: one caller
    /// naming ever longer ids does not make each entry kilobytes.
    /// </summary>
    [Fact]
    public async Task AnEntryKeepsNoMoreOfARoomOrTargetThanAnIdCanBe()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var room = new string('r', 2000);
        var user = string.Concat(Enumerable.Repeat("\U0001F600u", 300)); // cut at 256 characters: within a pair

        var refused = await student.PutAsync($"/api/v1/rooms/{room}/users/{Uri.EscapeDataString(user)}/properties",
            Json.Body("""{"properties":{"a":1}}"""), Json.Cancel);
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(room[..AuditRecording.MaxRoomLength] + "…", entry.GetProperty("roomUuid").GetString());
        Assert.Equal(user[..(AuditRecording.MaxTargetLength - 1)] + "…", entry.GetProperty("target").GetString());
    }

    /// <summary>
    /// An entry names the roles the gateway acts on: any other an identity provider puts in the token (its own, a line
    /// break in one, one kilobytes long) grants nothing and does not make every entry of its caller as long as the token.
    /// </summary>
    [Fact]
    public async Task AnEntryKeepsOnlyTheRolesTheGatewayActsOn()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(
            new TestJwt { Subject = "teacher-1", Roles = new[] { "offline_access", "teacher", "x\ny", new string('r', 3000) }, Rooms = "maths" }.Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var started = await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(["teacher"], entry.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    /// <summary>A write the rate limit refuses reaches no route and is not recorded: a flood does not fill the trail.</summary>
    [Fact]
    public async Task AWriteTheRateLimitRefusesIsNotRecorded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("RateLimit:PermitsPerMinute", "2"));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel)).StatusCode);
        }
        await admin.PutAsync("/api/v1/rooms/art/states/1", null, Json.Cancel);
        var trail = await admin.WaitForAuditAsync(3);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(["teacher-1", "teacher-1", "admin-1"], trail.Select(e => e.Actor()));
    }

    /// <summary>
    /// A write routing refuses for its method (405) reaches no route and has no route values: its entry says
    /// <c>MethodNotAllowed</c>, not the framework's display text, and names the room its path names, so that the room's
    /// filter finds it, on the API's routes and the passthrough alike.
    /// </summary>
    [Fact]
    public async Task AWriteRefusedForItsMethodIsAuditedUnderTheRoomItsPathNames()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var routed = await teacher.PatchAsync("/api/v1/rooms/room-1/records/states/0", Json.Body("""{"webRecordConfig":{"onhold":true}}"""), Json.Cancel);
        var passedThrough = await admin.SendAsync(
            new HttpRequestMessage(new HttpMethod("PROPFIND"), $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-2/states/1"), Json.Cancel);
        var inRoom1 = Assert.Single(await admin.WaitForAuditAsync(1, "?roomUuid=room-1"));
        var inRoom2 = Assert.Single(await admin.WaitForAuditAsync(1, "?roomUuid=room-2"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, routed.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, passedThrough.StatusCode);
        Assert.Equal((AuditRecording.MethodNotAllowed, "teacher-1", 405), (inRoom1.Action(), inRoom1.Actor(), inRoom1.GetProperty("status").GetInt32()));
        Assert.Equal((AuditRecording.MethodNotAllowed, "admin-1", 405), (inRoom2.Action(), inRoom2.Actor(), inRoom2.GetProperty("status").GetInt32()));
        Assert.Empty(upstream.Requests);
    }

    /// <summary>A passthrough write names its room in the trail however its slashes were written (Swagger UI encodes them).</summary>
    [Theory]
    [InlineData("/room-1/states/1")]
    [InlineData("%2Froom%201%2Fstates%2F1")]
    public async Task APassthroughWriteIsAuditedUnderTheRoomItsPathNames(string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var rooms = $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms";

        var write = await RawHttp.SendAsync(server, "PUT", rooms + path, TestJwt.Admin().Sign());
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.Equal(HttpStatusCode.OK, write.Status);
        Assert.Equal(Uri.UnescapeDataString(path.Replace("%2F", "/", StringComparison.Ordinal)).Split('/')[1], entry.GetProperty("roomUuid").GetString());
        Assert.Equal($"PUT {rooms}{path.Replace("%2F", "/", StringComparison.Ordinal)}", entry.GetProperty("target").GetString());
    }

    [Fact]
    public async Task TheTrailIsPagedWithACursorAndFilteredByRoomAndUser()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths", "art").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        foreach (var path in new[] { "maths/states/1", "art/states/1", "maths/users/student-1/exit", "art/users/student-2/exit", "maths/states/2" })
        {
            await teacher.SendAsync(new HttpRequestMessage(path.Contains("exit", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Put, "/api/v1/rooms/" + path), Json.Cancel);
        }
        await admin.WaitForAuditAsync(5);

        var first = await admin.ReadAuditAsync("?limit=2");
        var second = await admin.ReadAuditAsync($"?limit=2&after={first.Next}");
        var third = await admin.ReadAuditAsync($"?limit=2&after={second.Next}");
        var end = await admin.ReadAuditAsync($"?limit=2&after={third.Next}");
        var maths = await admin.ReadAuditAsync("?roomUuid=maths");
        var student2 = await admin.ReadAuditAsync("?userId=student-2");
        var mathsPaged = await admin.ReadAuditAsync("?roomUuid=maths&limit=2");
        var mathsRest = await admin.ReadAuditAsync($"?roomUuid=maths&after={mathsPaged.Next}");
        var bad = await admin.GetAsync("/api/v1/audit?roomUuid=a%2Fb&limit=0", Json.Cancel);
        var byTeacher = await teacher.GetAsync("/api/v1/audit", Json.Cancel);

        Assert.Equal([2, 2, 1, 0], new[] { first, second, third, end }.Select(p => p.List.Count));
        Assert.Equal(third.Next, end.Next);
        Assert.Equal(5, new[] { first, second, third }.SelectMany(p => p.List).Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(3, maths.List.Count);
        Assert.All(maths.List, e => Assert.Equal("maths", e.GetProperty("roomUuid").GetString()));
        Assert.Equal("art", Assert.Single(student2.List).GetProperty("roomUuid").GetString());
        Assert.Equal(maths.List.Select(e => e.GetProperty("id").GetString()), mathsPaged.List.Concat(mathsRest.List).Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJson()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("roomUuid", out _) && errors.TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byTeacher.StatusCode);
    }

    /// <summary>
    /// <c>GET /api/v1/audit</c> says <c>"missed": true</c> when the trail no longer holds entries that came after
    /// <c>after</c>, and <c>false</c> otherwise (from the entry just before the oldest kept, from the start, from the
    /// newest): the page itself is the same <c>{list, next}</c> as ever.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageSaysWhetherTheTrailTrimmedEntriesAfterTheCursor(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis?.Configuration,
            ["Audit:RetentionDays"] = "1",
        }) { Clock = clock };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var trail = gateway.Services.GetRequiredService<IAuditTrail>();
        var times = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            times.Add(clock.GetUtcNow());
            await trail.AppendAsync([new AuditEntry(clock.GetUtcNow(), "teacher-1", ["teacher"], "SetClassState", "maths", null, 200, 0, $"r{i}")], Json.Cancel);
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, Json.Cancel); // a stream id is Redis's millisecond: the entries' own, so that the read's cut-off falls between two
        }
        var ids = (await admin.ReadAuditAsync()).List.Select(e => e.GetProperty("id").GetString()!).ToList();
        // The first two are past the retention: in process by their time, on Redis by their ids' (an append's time).
        Assert.True(Gateway.Events.EventCursor.TryParse(ids[2], out var third));
        clock.SetUtcNow((withRedis ? DateTimeOffset.FromUnixTimeMilliseconds((long)third.Ms) : times[2]) + TimeSpan.FromDays(1));

        async Task<System.Text.Json.JsonElement> PageAsync(string query) =>
            (await (await admin.GetAsync("/api/v1/audit?limit=1" + query, Json.Cancel)).ReadJson()).GetProperty("data");
        var trimmed = await PageAsync("&after=" + ids[0]);
        var atTheEdge = await PageAsync("&after=" + ids[1]);
        var fromTheStart = await PageAsync("");
        var atTheEnd = await PageAsync("&after=" + ids[3]);

        Assert.Equal(4, ids.Count);
        Assert.True(trimmed.GetProperty("missed").GetBoolean());
        Assert.Equal(ids[2], trimmed.GetProperty("list")[0].GetProperty("id").GetString());
        Assert.Equal(fromTheStart.GetProperty("list").GetRawText(), trimmed.GetProperty("list").GetRawText());
        Assert.Equal(trimmed.GetProperty("list").GetRawText(), atTheEdge.GetProperty("list").GetRawText());
        Assert.Equal([false, false, false], new[] { atTheEdge, fromTheStart, atTheEnd }.Select(page => page.GetProperty("missed").GetBoolean()));
        Assert.Equal(ids[3], atTheEnd.GetProperty("next").GetString());
    }

    /// <summary>
    /// An entry says what its target is, and the user filter matches a target only when it is a user: a widget or a
    /// resource may have a user's id. A delete's ids are a JSON list, so that ids holding commas stay apart.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheUserFilterMatchesATargetOnlyWhenItIsAUser(bool withRedis)
    {
        await using var rig = await MathsRig.StartAsync(withRedis);
        var (teacher, admin) = (rig.Teacher, rig.Admin);

        await teacher.PostAsync("/api/v1/rooms/maths/users/u1/exit", null, Json.Cancel);
        await teacher.PutAsync("/api/v1/rooms/maths/widgets/u1", Json.Body("""{"state":1}"""), Json.Cancel);
        await teacher.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/maths/resources") { Content = Json.Body("""{"resourceUuid":["a,b"]}""") }, Json.Cancel);
        await teacher.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/maths/resources") { Content = Json.Body("""{"resourceUuid":["a","b"]}""") }, Json.Cancel);
        var trail = await admin.WaitForAuditAsync(4);
        var u1 = await admin.ReadAuditAsync("?userId=u1");

        Assert.Equal([("u1", "user"), ("u1", "widget"), ("""["a,b"]""", "resources"), ("""["a","b"]""", "resources")],
            trail.Select(e => (e.GetProperty("target").GetString(), e.GetProperty("targetKind").GetString())));
        Assert.Equal("KickUser", Assert.Single(u1.List).Action());
    }

    /// <summary>
    /// A delete's ids are named as they are written, and one id whole: an id may hold + &lt; &gt; &amp;, which a JSON
    /// writer escaping for HTML writes as six characters each, so the trail read <c>["a\u002Bb"]</c>, and one id of 63 of
    /// them took 382 characters, past the most a target keeps, and was cut before its end.
    /// </summary>
    [Fact]
    public async Task ADeletesIdsAreNamedAsWrittenAndWhole()
    {
        await using var rig = await MathsRig.StartAsync(withRedis: false);
        var longest = new string('+', Classroom.Agora.Validation.AgoraIds.MaxBytes);

        foreach (var body in new[] { """{"resourceUuid":["a+b","c<d>&e"]}""", $$"""{"resourceUuid":["{{longest}}"]}""" })
        {
            var delete = await rig.Teacher.SendAsync(
                new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/maths/resources") { Content = Json.Body(body) }, Json.Cancel);
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        var trail = await rig.Admin.WaitForAuditAsync(2);

        Assert.Equal(["""["a+b","c<d>&e"]""", $"""["{longest}"]"""], trail.Select(e => e.GetProperty("target").GetString()));
    }

    /// <summary>
    /// A passthrough call that acts on a user (a kick, an entry, a widget's properties of the user) is found by the user's
    /// filter as the same call through the gateway's route is, and by its room's, its entry still naming the call; the
    /// user's id is read decoded, and a resource, a widget or another user whose id is like the user's is not the user.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APassthroughCallOnAUserIsFoundByTheUsersFilterAndItsRooms(bool withRedis)
    {
        await using var rig = await MathsRig.StartAsync(withRedis);
        var (teacher, admin) = (rig.Teacher, rig.Admin);
        var rooms = $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms";
        var onUser = new[] { $"POST {rooms}/maths/users/u%207/exit", $"PUT {rooms}/maths/users/u%207", $"PUT {rooms}/art/widgets/w1/users/u%207" };
        var onOthers = new[] { $"PUT {rooms}/maths/resources/u%207", $"PUT {rooms}/maths/widgets/u%207", $"PUT {rooms}/maths/users/u7" };

        await teacher.PostAsync("/api/v1/rooms/maths/users/u%207/exit", null, Json.Cancel);
        foreach (var call in onUser.Concat(onOthers))
        {
            var (method, path) = (call.Split(' ')[0], call.Split(' ')[1]);
            await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json.Body("{}") }, Json.Cancel);
        }
        var trail = await admin.WaitForAuditAsync(7);
        var user = await admin.ReadAuditAsync("?userId=u%207");
        var userInMaths = await admin.ReadAuditAsync("?roomUuid=maths&userId=u%207");

        Assert.All(trail.Skip(1), e => Assert.Equal((200, "Passthrough", "call"), (e.GetProperty("status").GetInt32(), e.Action(), e.GetProperty("targetKind").GetString())));
        Assert.Equal([("KickUser", "u 7"), .. onUser.Select(call => ("Passthrough", call))], user.List.Select(e => (e.Action(), e.GetProperty("target").GetString())));
        Assert.Equal(["maths", "maths", "maths"], userInMaths.List.Select(e => e.GetProperty("roomUuid").GetString()));
    }

    /// <summary>
    /// A passthrough call is kept whole though its ids are of the most bytes an id can be and each is escaped, longer than
    /// a target of one id is kept: cut, the user at its path's end was lost, and the user's filter did not find the call.
    /// </summary>
    [Fact]
    public async Task APassthroughCallWithIdsOfTheMostBytesIsKeptWholeAndFoundByItsUser()
    {
        await using var rig = await MathsRig.StartAsync(withRedis: false);
        var (room, widget, user) = (new string('#', 63), new string('[', 63), new string(' ', 63));
        var call = $"PUT /edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/{Uri.EscapeDataString(room)}/widgets/{Uri.EscapeDataString(widget)}"
            + $"/users/{Uri.EscapeDataString(user)}/properties";

        await rig.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, call.Split(' ')[1]) { Content = Json.Body("{}") }, Json.Cancel);
        var entry = Assert.Single(await rig.Admin.WaitForAuditAsync(1));
        var found = await rig.Admin.ReadAuditAsync($"?userId={Uri.EscapeDataString(user)}");

        Assert.True(call.Length > AuditRecording.MaxTargetLength, $"the call is {call.Length} characters");
        Assert.Equal((call, room), (entry.GetProperty("target").GetString(), entry.GetProperty("roomUuid").GetString()));
        Assert.Equal([call], found.List.Select(e => e.GetProperty("target").GetString()));
    }

    /// <summary>A gateway in front of an upstream that answers every call with success, with a Redis of its own or none; a teacher of maths and an admin.</summary>
    sealed class MathsRig(RedisServer? redis, RecordingUpstream upstream, GatewayFactory gateway) : IAsyncDisposable
    {
        public HttpClient Teacher { get; } = gateway.CreateClient(TestJwt.Teacher("maths").Sign());

        public HttpClient Admin { get; } = gateway.CreateClient(TestJwt.Admin().Sign());

        public static async Task<MathsRig> StartAsync(bool withRedis)
        {
            var redis = withRedis ? await RedisServer.StartAsync() : null;
            var upstream = await RecordingUpstream.StartAsync();
            var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Redis:Configuration", redis?.Configuration));
            await GatewayCluster.WaitUntilRedisAnswers(gateway);
            return new MathsRig(redis, upstream, gateway);
        }

        public async ValueTask DisposeAsync()
        {
            Teacher.Dispose();
            Admin.Dispose();
            await gateway.DisposeAsync();
            await upstream.DisposeAsync();
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }
}
