using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Models;
using Classroom.Agora.Tests.Tokens;
using Classroom.Agora.Tokens;
using Gateway.Tests.Support;

namespace Gateway.Tests.Launch;

/// <summary>The join, through the sandbox gateway (app token upstream) with the emulator as Agora.</summary>
public sealed class JoinTests
{
    const string CreateMaths = """{"roomName":"Maths 7B","roomType":4,"roomProperties":{"schedule":{"startTime":1732550400000,"duration":2700,"closeDelay":300}}}""";

    [Fact]
    public async Task ATeacherAStudentAndAnAdminGetLaunchOptionsWhoseTokenAgorasOwnLibraryReadsForThatRoomUserAndRole()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(new TestJwt { Subject = "teacher-1", Name = "Ms Rivera", Roles = "teacher", Rooms = "maths" }.Sign());
        using var student = gateway.CreateClient(new TestJwt { Subject = "student #1", Roles = "student", Rooms = "maths" }.Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var teacherJoin = await teacher.PostAsync("/api/v1/rooms/maths/join?language=zh", Json.Body(CreateMaths), Json.Cancel);
        var studentJoin = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        // A create body for a room that exists changes nothing.
        var adminJoin = await admin.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Other","roomType":2}"""), Json.Cancel);

        var joins = new[] { (teacherJoin, "teacher-1", "Ms Rivera", 1), (studentJoin, "student #1", "student #1", 2), (adminJoin, "admin-1", "admin-1", 3) };
        var options = new List<JsonElement>();
        foreach (var (response, user, name, role) in joins)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.ReadJson();
            Assert.Equal(0, body.GetProperty("code").GetInt32());
            var data = body.GetProperty("data");
            options.Add(data);
            Assert.Equal(AgoraSandbox.AppId, data.GetProperty("appId").GetString());
            Assert.Equal("CN", data.GetProperty("region").GetString());
            Assert.Equal(user, data.GetProperty("userUuid").GetString());
            Assert.Equal(name, data.GetProperty("userName").GetString());
            Assert.Equal("maths", data.GetProperty("roomUuid").GetString());
            Assert.Equal("Maths 7B", data.GetProperty("roomName").GetString());
            Assert.Equal(4, data.GetProperty("roomType").GetInt32());
            Assert.Equal(role, data.GetProperty("roleType").GetInt32());
            Assert.Equal(1732550400000, data.GetProperty("startTime").GetInt64());
            Assert.Equal(2700, data.GetProperty("duration").GetInt64());
            Assert.Equal(data.GetProperty("token").GetString(), data.GetProperty("rtmToken").GetString());
            Assert.True(data.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
        }
        Assert.Equal(["zh", "en", "en"], options.Select(o => o.GetProperty("language").GetString()));

        var inspected = await NodeTokenOracle.AskAsync([.. options.Select(o => OracleRequest.Inspect(o.GetProperty("rtmToken").GetString()!, AgoraSandbox.AppCertificate))]);
        for (var i = 0; i < joins.Length; i++)
        {
            var (_, user, _, role) = joins[i];
            var token = inspected[i];
            Assert.True(token.Parsed && token.Verified);
            Assert.Equal(AgoraSandbox.AppId, token.AppId);
            var services = token.Services!.ToDictionary(s => s.Type);
            Assert.Equal([2, 5, 7], services.Keys.Order().Select(k => (int)k));
            Assert.Equal(Hex("maths"), services[7].RoomUuidHex);
            Assert.Equal(Hex(user), services[7].UserUuidHex);
            Assert.Equal((short)role, services[7].Role);
            Assert.True(services[7].Privileges.ContainsKey("1")); // RoomUser
            Assert.Equal(user, services[2].UserId);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(user))), services[5].UserId);
        }
    }

    /// <summary>
    /// The token lives <c>Agora:TokenLifetimeSeconds</c>, whatever the JWT's <c>exp</c>: Agora puts a user whose token ends
    /// out of the class, so a token cut to a school's short JWT would end the class for its user. Agora's own library reads
    /// the token's end, and each privilege's, where <c>expiresAt</c> says.
    /// </summary>
    [Fact]
    public async Task TheTokenLivesTheConfiguredLifetimeWhateverTheJwtsExpAndEndsWhereExpiresAtSays()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Agora:TokenLifetimeSeconds"] = "5400" });
        var jwt = new TestJwt { Subject = "teacher-1", Roles = "teacher", Rooms = "maths", Lifetime = TimeSpan.FromMinutes(2) };
        using var teacher = gateway.CreateClient(jwt.Sign());

        var response = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.ReadJson()).GetProperty("data");
        var expiresAt = data.GetProperty("expiresAt").GetDateTimeOffset();
        var token = (await NodeTokenOracle.AskAsync([OracleRequest.Inspect(data.GetProperty("token").GetString()!, AgoraSandbox.AppCertificate)])).Single();
        Assert.True(token.Parsed && token.Verified);
        Assert.Equal(5400u, token.Expire);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(token.IssueTs + (long)token.Expire), expiresAt);
        Assert.All(token.Services!, s => Assert.Equal(token.Expire, Assert.Single(s.Privileges).Value));
        Assert.True(expiresAt > jwt.Now + jwt.Lifetime!.Value + TimeSpan.FromMinutes(80));
    }

    /// <summary>
    /// Agora lets nobody enter a class that has ended: the join says so with Agora's code, to everyone, rather than hand
    /// out launch options the client could not enter with. A started class is joined as before.
    /// </summary>
    [Fact]
    public async Task NobodyJoinsAClassThatHasEndedAndEveryoneJoinsOneThatRuns()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var created = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel);
        await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);

        var whileRunning = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        var ended = await teacher.PutAsync("/api/v1/rooms/maths/states/2", null, Json.Cancel);
        var afterTheEnd = new[]
        {
            await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
            await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel),
            await admin.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
        };

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whileRunning.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        foreach (var response in afterTheEnd)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var problem = await response.ReadJson();
            Assert.Equal(AgoraCodes.ClassAlreadyEnded, problem.GetProperty("code").GetInt32());
            Assert.Equal("The class has ended: nobody may enter it.", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task AStudentOrAnAssistantCannotCreateAMissingRoomAndGetsAgorasNotFound()
    {
        await using var gateway = new GatewayFactory();
        using var student = gateway.CreateClient(TestJwt.Student("ghost").Sign());
        using var assistant = gateway.CreateClient(TestJwt.Assistant("ghost").Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("ghost").Sign());

        var byStudent = await student.PostAsync("/api/v1/rooms/ghost/join", Json.Body(CreateMaths), Json.Cancel);
        var byAssistant = await assistant.PostAsync("/api/v1/rooms/ghost/join", Json.Body(CreateMaths), Json.Cancel);
        var teacherWithoutBody = await teacher.PostAsync("/api/v1/rooms/ghost/join", null, Json.Cancel);
        var stillMissing = await teacher.GetAsync("/api/v1/rooms/ghost", Json.Cancel);

        foreach (var response in new[] { byStudent, byAssistant, teacherWithoutBody, stillMissing })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(AgoraCodes.RoomNotFound, (await response.ReadJson()).GetProperty("code").GetInt32());
        }
    }

    [Theory]
    [InlineData("""{"roomName":"Maths","roomType":9}""", "roomType")]
    [InlineData("""{"roomType":4}""", "roomName")]
    [InlineData("""{"roomName":"Maths","roomType":4,"roomProperties":{"schedule":{"duration":0}}}""", "roomProperties.schedule.duration")]
    [InlineData("""[1]""", "body")]
    public async Task ACreateBodyBreakingTheCreateRulesIsRefusedAndNothingIsCreated(string body, string field)
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());

        var response = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(body), Json.Cancel);
        var room = await teacher.GetAsync("/api/v1/rooms/maths", Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJson()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(HttpStatusCode.NotFound, room.StatusCode);
    }

    /// <summary>The create rules judge a body that says anything whoever sends it, also for a room that exists, where it is then not used.</summary>
    [Fact]
    public async Task ABodyBreakingTheCreateRulesIsRefusedForARoomThatExistsToo()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel)).StatusCode);

        var answers = new[]
        {
            await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths"}"""), Json.Cancel),
            await student.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths"}"""), Json.Cancel),
        };

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode));
        foreach (var answer in answers)
        {
            Assert.True((await answer.ReadJson()).GetProperty("errors").TryGetProperty("roomType", out _));
        }
    }

    [Fact]
    public async Task ALanguageOtherThanEnOrZhIsRefused()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());

        var response = await teacher.PostAsync("/api/v1/rooms/maths/join?language=fr", Json.Body(CreateMaths), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJson()).GetProperty("errors").TryGetProperty("language", out _));
    }

    [Fact]
    public async Task AnUnscheduledRoomHasTheDefaultDurationAndNoStartTimeAndTheRegionFollowsTheConfiguration()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Agora:Region"] = "eu" });
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());

        var response = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":2}"""), Json.Cancel);

        var data = (await response.ReadJson()).GetProperty("data");
        Assert.Equal(3600, data.GetProperty("duration").GetInt64());
        Assert.False(data.TryGetProperty("startTime", out _));
        Assert.Equal("EU", data.GetProperty("region").GetString());
        Assert.Equal(2, data.GetProperty("roomType").GetInt32());
    }

    /// <summary>
    /// Room properties can be written after the room is made, Agora's own among them: the join hands a client only a room
    /// type it knows (else a 502, for everyone alike) and a schedule it can use (else none, as for an unscheduled room).
    /// </summary>
    [Theory]
    [InlineData("""{"properties":{"roomType":99}}""", 502, 0L, null)]
    [InlineData("""{"properties":{"roomType":"4"}}""", 502, 0L, null)]
    [InlineData("""{"properties":{"roomName":"Maths 7C"}}""", 200, 2700L, 1732550400000L)]
    [InlineData("""{"properties":{"schedule.duration":-5}}""", 200, 3600L, null)]
    [InlineData("""{"properties":{"schedule":{"duration":0,"startTime":-1}}}""", 200, 3600L, null)]
    [InlineData("""{"properties":{"schedule":{"duration":86401}}}""", 200, 3600L, null)]
    [InlineData("""{"properties":{"schedule":{"duration":1800}}}""", 200, 1800L, null)]
    [InlineData("""{"properties":{"schedule.closeDelay":"later"}}""", 200, 2700L, 1732550400000L)] // a field the join reads not
    [InlineData("""{"properties":{"schedule.closeDelay":1.5}}""", 200, 2700L, 1732550400000L)]
    [InlineData("""{"properties":{"schedule.closeDelay":{"minutes":5}}}""", 200, 2700L, 1732550400000L)]
    // As deep as a body may nest, elsewhere and in the schedule: Agora answers it deeper, inside the room and its envelope.
    [InlineData("""{"properties":{"deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[7]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}""", 200, 2700L, 1732550400000L)]
    [InlineData("""{"properties":{"schedule.closeDelay":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[7]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}""", 200, 2700L, 1732550400000L)]
    public async Task TheJoinHandsAClientOnlyARoomTypeAndScheduleItCanLaunchWith(string properties, int status, long duration, long? startTime)
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        var created = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel);

        var written = await teacher.PutAsync("/api/v1/rooms/maths/properties", Json.Body(properties), Json.Cancel);
        var joined = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(status, (int)joined.StatusCode);
        if (status == 200)
        {
            var data = (await joined.ReadJson()).GetProperty("data");
            Assert.Equal(duration, data.GetProperty("duration").GetInt64());
            Assert.Equal(startTime, data.TryGetProperty("startTime", out var start) ? start.GetInt64() : null);
        }
    }

    [Theory]
    [InlineData(null, null, "teacher-1")]
    [InlineData(null, "Ms Rivera", "Ms Rivera")]
    [InlineData("display_name", "Ms Rivera", "teacher-1")]
    [InlineData(null, "A name far too long for Agora, which takes names under sixty-four bytes only", "teacher-1")]
    [InlineData(null, " \t ", "teacher-1")]
    public async Task TheUserNameIsTheNameClaimElseTheUserId(string? nameClaim, string? name, string expected)
    {
        await using var gateway = new GatewayFactory(nameClaim is null ? [] : new Dictionary<string, string?> { ["Auth:NameClaim"] = nameClaim });
        using var teacher = gateway.CreateClient(new TestJwt { Subject = "teacher-1", Name = name, Roles = "teacher", Rooms = "maths" }.Sign());

        var response = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel);

        Assert.Equal(expected, (await response.ReadJson()).GetProperty("data").GetProperty("userName").GetString());
    }

    /// <summary>A name claim that is not text (an object, a list, a number, a truth value) names nobody: not its JSON shown as a name.</summary>
    [Theory]
    [InlineData("""{"given":"Ms","family":"Rivera"}""")]
    [InlineData("""["Ms Rivera","Rivera"]""")]
    [InlineData("42")]
    [InlineData("true")]
    public async Task ANameClaimThatIsNotTextLeavesTheUserId(string written)
    {
        await using var gateway = new GatewayFactory();
        var jwt = new TestJwt { Subject = "teacher-1", Name = "name-here", Roles = "teacher", Rooms = "maths" }
            .SignPayload(payload => payload.Replace("\"name-here\"", written));
        using var teacher = gateway.CreateClient(jwt);

        var response = await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body(CreateMaths), Json.Cancel);

        Assert.Equal("teacher-1", (await response.ReadJson()).GetProperty("data").GetProperty("userName").GetString());
    }

    [Fact]
    public async Task TheDocumentsJoinExampleCreatesAndJoinsAndItsAnswerIsShapedLikeTheDocumentedOne()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("openapi/gateway.v1.json"), Json.Cancel))!;
        var schemas = document["components"]!["schemas"]!;
        var example = schemas["JoinRequest"]!["example"]!.ToJsonString();
        var documented = schemas["LaunchOptions"]!["example"]!.AsObject().Select(p => p.Key).Order();
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await teacher.PostAsync("/api/v1/rooms/room-1/join", Json.Body(example), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(documented, (await response.ReadJson()).GetProperty("data").EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData(new[] { "teacher", "student" }, 1)]
    [InlineData(new[] { "admin", "teacher" }, 1)]
    [InlineData(new[] { "admin", "student" }, 3)]
    [InlineData(new[] { "assistant", "student" }, 3)]
    [InlineData(new[] { "student" }, 2)]
    public async Task ACallerWithSeveralRolesJoinsAsTeacherElseAssistantElseStudent(string[] roles, int roleType)
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var caller = gateway.CreateClient(new TestJwt { Subject = "someone", Roles = roles, Rooms = "maths" }.Sign());
        await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);

        var response = await caller.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(roleType, (await response.ReadJson()).GetProperty("data").GetProperty("roleType").GetInt32());
    }

    /// <summary>A teacher's call to a route that reads the room from <paramref name="upstream"/>: the answer, its text and the one warning logged.</summary>
    static async Task<(HttpResponseMessage Response, string Text, string Warned)> AskTheRoomAsync(RecordingUpstream upstream, string method, string path)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var response = await teacher.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel);
        var text = await response.Content.ReadAsStringAsync(Json.Cancel);
        return (response, text, Assert.Single(logs.Lines, line => line.StartsWith("Warning Gateway.", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A 200 whose envelope's code is not 0 is Agora's refusal, not a room: the join and the room route answer it with a
    /// 502 problem that names the code, and nothing of Agora's text, not the app token it echoes either; one warning says
    /// so, as for a forwarded call that failed.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/join", "POST")]
    [InlineData("/api/v1/rooms/room-1", "GET")]
    public async Task ASuccessStatusWithAnotherCodeIsABadGatewayProblemWithoutAgorasText(string path, string method)
    {
        var sent = "";
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            sent = context.Request.Headers.Authorization.ToString()["agora token=\"".Length..^1];
            return RecordingUpstream.Reply(context, 200, JsonSerializer.Serialize(new { code = 30403100, msg = $"refused {sent}", ts = 1 }));
        };
        var (response, text, warned) = await AskTheRoomAsync(upstream, method, path);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("30403100", text);
        Assert.DoesNotContain("refused", text);
        Assert.StartsWith("007", sent);
        Assert.DoesNotContain(sent, text);
        Assert.Contains("could not be used: Agora answered 200 with code 30403100", warned);
        Assert.DoesNotContain(sent, warned);
    }

    /// <summary>
    /// A 200 that is not Agora's envelope (a page of HTML from something in front of Agora, or an object without a code) is
    /// no room either: the join and the room route answer a 502 problem with nothing of that body in it, and one warning
    /// says so.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/join", "POST", "<html><body>Scheduled maintenance at the edge</body></html>", "text/html")]
    [InlineData("/api/v1/rooms/room-1", "GET", "<html><body>Scheduled maintenance at the edge</body></html>", "text/html")]
    [InlineData("/api/v1/rooms/room-1/join", "POST", """{"msg":"Scheduled maintenance at the edge"}""", "application/json")]
    [InlineData("/api/v1/rooms/room-1", "GET", """{"msg":"Scheduled maintenance at the edge"}""", "application/json")]
    [InlineData("/api/v1/rooms/room-1/join", "POST", "{}", "application/json")]
    [InlineData("/api/v1/rooms/room-1", "GET", "{}", "application/json")]
    public async Task ASuccessStatusWithoutAnEnvelopeIsABadGatewayProblemWithoutItsBody(string path, string method, string body, string contentType)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 200, body, contentType);
        var (response, text, warned) = await AskTheRoomAsync(upstream, method, path);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(502, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
        Assert.DoesNotContain("maintenance", text);
        Assert.Contains("could not be used: Agora's answer was not its envelope", warned);
        Assert.DoesNotContain("maintenance", warned);
    }

    static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));
    /// <summary>
    /// A room property as large as a body may carry (1 MiB, of a character an escaping writer makes six, <c>\u003c</c>) comes
    /// back in Agora's query classroom, inside its envelope and beside the room's other fields: the room route and the join
    /// read it and answer, in process and through Redis, where the gateway's own read of Agora stopped at a body's 1 MiB and
    /// answered 502 to every member from the write on.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARoomHoldingAPropertyAsLargeAsABodyMayCarryIsQueriedAndJoined(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration });
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        const string Before = "{\"properties\":{\"notes\":\"", After = "\"}}";
        var notes = new string('<', Gateway.Security.RequestLimits.MaxBodyBytes - Before.Length - After.Length);
        var body = Before + notes + After;
        if (withRedis)
        {
            await Leases.UntilHeldAsync(gateway);
        }

        var created = await teacher.PostAsync("/api/v1/rooms/maths", Json.Body(CreateMaths), Json.Cancel);
        var set = await teacher.PutAsync("/api/v1/rooms/maths/properties", Json.Body(body), Json.Cancel);
        var queried = await student.GetAsync("/api/v1/rooms/maths", Json.Cancel);
        var cached = await student.GetAsync("/api/v1/rooms/maths", Json.Cancel);
        var joined = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(Gateway.Security.RequestLimits.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        foreach (var (response, cacheStatus) in new[] { (queried, "MISS"), (cached, "HIT") })
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Json.Cancel));
            Assert.Equal(cacheStatus, response.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal(notes, (await response.ReadJson()).GetProperty("data").GetProperty("roomProperties").GetProperty("notes").GetString());
        }
        Assert.True(joined.StatusCode == HttpStatusCode.OK, await joined.Content.ReadAsStringAsync(Json.Cancel));
        Assert.Equal("Maths 7B", (await joined.ReadJson()).GetProperty("data").GetProperty("roomName").GetString());
    }

    /// <summary>
    /// A room's properties together past the gateway's bound on an answer it keeps (8 MiB), each write of them accepted:
    /// nine properties of a whole body each. The room route passes Agora's answer on as it comes and the join reads what it
    /// launches with, in process and through Redis, where both answered 502 to every member from the ninth write on.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARoomWhosePropertiesTogetherPassTheBoundOfAKeptAnswerIsQueriedAndJoined(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration });
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        const string Before = "{\"properties\":{\"notesN\":\"", After = "\"}}";
        var notes = new string('n', Gateway.Security.RequestLimits.MaxBodyBytes - Before.Length - After.Length);
        var writes = Gateway.Upstream.AgoraServiceCalls.MaxAnswerBytes / notes.Length + 1;

        var created = await teacher.PostAsync("/api/v1/rooms/maths", Json.Body(CreateMaths), Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        for (var i = 0; i < writes; i++)
        {
            var set = await teacher.PutAsync("/api/v1/rooms/maths/properties", Json.Body(Before.Replace("N", $"{i}", StringComparison.Ordinal) + notes + After), Json.Cancel);
            Assert.True(set.StatusCode == HttpStatusCode.OK, await Json.Describe(set));
        }
        var queried = await student.GetAsync("/api/v1/rooms/maths", Json.Cancel);
        var joined = await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);

        Assert.True(queried.StatusCode == HttpStatusCode.OK, await Json.Describe(queried));
        Assert.Equal("MISS", queried.Headers.GetValues("X-Cache-Status").Single());
        var properties = (await queried.ReadJson()).GetProperty("data").GetProperty("roomProperties");
        Assert.All(Enumerable.Range(0, writes), i => Assert.Equal(notes, properties.GetProperty($"notes{i}").GetString()));
        Assert.True(joined.StatusCode == HttpStatusCode.OK, await Json.Describe(joined));
        var launch = (await joined.ReadJson()).GetProperty("data");
        Assert.Equal("Maths 7B", launch.GetProperty("roomName").GetString());
        Assert.Equal(4, launch.GetProperty("roomType").GetInt32());
        Assert.Equal(2700, launch.GetProperty("duration").GetInt64());
        Assert.Equal(1732550400000, launch.GetProperty("startTime").GetInt64());
    }
}
