extern alias JsonSchemaNet;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Classroom.Agora;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;
using JsonSchemaNet::Json.Schema;

namespace Gateway.Tests.OpenApi;

/// <summary>
/// Every answer the gateway gives is the one the checked-in document promises for its operation: the status is documented
/// (or falls under the operation's <c>default</c>), the media type is one the status lists, a JSON body is valid against
/// the status's schema (by a JSON Schema validator, OpenAPI 3.0's <c>nullable</c> read as JSON Schema's <c>null</c> type),
/// a CSV body starts with the header row the status's description names, and every header the status documents is there,
/// in the header's schema.
/// </summary>
public sealed partial class DocumentedAnswersTests
{
    static readonly JsonObject Document = JsonNode.Parse(File.ReadAllText(Repository.PathOf("openapi/gateway.v1.json")))!.AsObject();
    static readonly JsonObject Definitions = (JsonObject)Translate(Document["components"]!["schemas"]!, map: true);
    static readonly Dictionary<string, (string Method, string Path, JsonNode Operation)> Operations = (
        from path in Document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Key != "parameters"
        select (Id: (string)operation.Value!["operationId"]!, Method: operation.Key.ToUpperInvariant(), path.Key, Operation: operation.Value!))
        .ToDictionary(o => o.Id, o => (o.Method, o.Key, o.Operation));

    static readonly string[] Skipped = ["SetClassState", "IssueDevToken", "StreamRoomEvents", "PassthroughGet", "PassthroughPost", "PassthroughPut", "PassthroughPatch", "PassthroughDelete"];

    [Fact]
    public async Task EveryAnswerOfAClassIsTheOneItsOperationDocuments()
    {
        await using var gateway = new GatewayFactory(Gateway.Tests.Events.EventTestSettings.Polling().ToDictionary(s => s.Key, s => s.Value));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var answers = new Answers();

        var operations = Operations.Keys.Where(id => !Skipped.Contains(id)).OrderBy(DocumentedClass.Rank).ToList();
        foreach (var id in operations)
        {
            await answers.SendAsync(admin, id, DocumentedClass.Fill(Operations[id].Path), ExampleOf(id));
            if (id == "CreateRoom")
            {
                foreach (var (user, role) in new[] { ("teacher-1", 1), ("student-1", 2), ("student-2", 2) })
                {
                    await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, "room-1", user, role);
                }
                await answers.SendAsync(admin, "SetClassState", "/api/v1/rooms/room-1/states/1", null);
            }
        }
        // A second read of the cached routes, answered from the cache.
        await answers.SendAsync(admin, "QueryRoom", "/api/v1/rooms/room-1", null);
        await answers.SendAsync(admin, "ListResources", "/api/v1/rooms/room-1/resources", null);
        await answers.SendAsync(admin, "GetAttendance", "/api/v1/rooms/room-1/attendance", null, accept: "text/csv");
        await answers.SendAsync(admin, "IssueDevToken", "/dev/token", ExampleOf("IssueDevToken"));
        var app = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms";
        await answers.SendAsync(admin, "PassthroughGet", $"{app}/room-1", null);
        await answers.SendAsync(admin, "PassthroughPut", $"{app}/room-1/properties", """{"properties":{"a":1},"cause":{}}""");
        await answers.SendAsync(admin, "PassthroughGet", $"{app}/room-none", null);
        await answers.SendAsync(admin, "PassthroughPost", $"{app}/room-2", ExampleOf("CreateRoom"));
        await answers.SendAsync(admin, "PassthroughPost", $"{app}/room-3", "{}");
        await answers.SendAsync(admin, "PassthroughPatch", $"{app}/room-1/records/states/1", ExampleOf("UpdateRecording"));
        await answers.SendAsync(admin, "PassthroughDelete", $"{app}/room-1/properties", ExampleOf("DeleteRoomProperties"));
        await answers.SendAsync(admin, "StreamRoomEvents", "/api/v1/rooms/room-1/events/stream", null);
        // The class is over: nobody enters it, nor starts it again.
        await answers.SendAsync(admin, "SetClassState", "/api/v1/rooms/room-1/states/2", null);
        await answers.SendAsync(admin, "JoinRoom", "/api/v1/rooms/room-1/join", null);
        await answers.SendAsync(admin, "SetClassState", "/api/v1/rooms/room-1/states/1", null);

        // The events the poller logged, paged and streamed.
        await Poll.Until(() => admin.GetStringAsync("/api/v1/events", Json.Cancel), page => !page.Contains("\"list\":[]", StringComparison.Ordinal));
        await answers.SendAsync(admin, "ListEvents", "/api/v1/events", null);
        await using (var stream = await Gateway.Tests.Events.SseReader.OpenAsync(admin, "/api/v1/rooms/room-1/events/stream", lastEventId: "MC0w"))
        {
            Assert.Empty(Check("StreamRoomEvents", stream.Response, stream.Response.Content.Headers.ContentType?.MediaType, ""));
            var streamed = await stream.ReadEventAsync();
            var schema = Operations["StreamRoomEvents"].Operation["responses"]!["200"]!["content"]!["text/event-stream"]!["schema"]!;
            Assert.Empty(Validate(schema, JsonNode.Parse(streamed.Data!)));
        }

        Assert.Contains(answers.Seen, a => a.Id == "JoinRoom" && a.Status == 409);
        Assert.Contains(answers.Seen, a => a.Id == "ListEvents" && a.Body.Contains("\"cmd\"", StringComparison.Ordinal));
        var unanswered = Operations.Keys.Where(id => !answers.Seen.Any(a => a.Id == id && a.Status == 200)).ToList();
        Assert.True(unanswered.Count == 0, $"Never answered 200: {string.Join(", ", unanswered)}\n{string.Join("\n", answers.Seen)}");
        Assert.True(answers.Mismatches.Count == 0, string.Join("\n", answers.Mismatches));
    }

    /// <summary>The validator of this class sees what the document does not allow: a field it requires missing, a null it does not allow.</summary>
    [Fact]
    public void TheCheckRefusesAnAnswerTheDocumentDoesNotAllow()
    {
        var envelope = Operations["QueryRoom"].Operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        var problem = Operations["QueryRoom"].Operation["responses"]!["404"]!["content"]!["application/problem+json"]!["schema"]!;

        Assert.NotEmpty(Validate(envelope, JsonNode.Parse("""{"code":0,"msg":"Success","data":{}}""")));
        Assert.NotEmpty(Validate(envelope, JsonNode.Parse("""{"code":0,"msg":null,"ts":1,"data":{}}""")));
        Assert.NotEmpty(Validate(problem, JsonNode.Parse("""{"type":"t","title":"t","status":"404","detail":"d","traceId":"x","code":404,"msg":"m"}""")));
        Assert.Empty(Validate(problem, JsonNode.Parse("""{"type":"t","title":"t","status":404,"detail":"d","traceId":"x","code":404,"msg":"m","errors":null}""")));
    }

    /// <summary>Every operation asked by a caller without a token, with a bad token, and as a user of the rooms it may and may not touch.</summary>
    [Fact]
    public async Task EveryRefusalOfEveryOperationIsTheOneItsOperationDocuments()
    {
        await using var gateway = new GatewayFactory();
        var callers = new[]
        {
            gateway.CreateClient(),
            gateway.CreateClient("not-a-jwt"),
            gateway.CreateClient(TestJwt.Student("room-2").Sign()),
            gateway.CreateClient(TestJwt.Student("room-1").Sign()),
            gateway.CreateClient(TestJwt.Teacher("room-1").Sign()),
        };
        var answers = new Answers();

        foreach (var caller in callers)
        {
            foreach (var id in Operations.Keys.Where(id => !id.StartsWith("Passthrough", StringComparison.Ordinal)).OrderBy(DocumentedClass.Rank))
            {
                await answers.SendAsync(caller, id, DocumentedClass.Fill(Operations[id].Path), ExampleOf(id));
            }
            await answers.SendAsync(caller, "PassthroughGet", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1", null);
        }
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        // Refused by the gateway's validation, by Agora, or for the body.
        await answers.SendAsync(admin, "CreateRoom", "/api/v1/rooms/room-1", "{}");
        await answers.SendAsync(admin, "CreateRoom", "/api/v1/rooms/room-1", """{"roomName":1""");
        await answers.SendAsync(admin, "CreateRoom", "/api/v1/rooms/room-1", ExampleOf("CreateRoom"), mediaType: "text/plain");
        await answers.SendAsync(admin, "CreateRoom", "/api/v1/rooms/room-1", new string(' ', 1024 * 1024 + 1));
        await answers.SendAsync(admin, "CreateRoom", "/api/v1/rooms/room-1", ExampleOf("CreateRoom"), transferCoding: "gzip, chunked");
        await answers.SendAsync(admin, "QueryRoom", "/api/v1/rooms/room-1", null, transferCoding: "gzip, chunked");
        await answers.SendAsync(admin, "QueryRoom", "/api/v1/rooms/room-none", null);
        await answers.SendAsync(admin, "QueryRoom", "/api/v1/rooms/" + new string('r', 64), null);
        await answers.SendAsync(admin, "QueryUser", "/api/v1/rooms/room-none/users/student-9", null);
        await answers.SendAsync(admin, "ListEvents", "/api/v1/events?limit=0", null);
        await answers.SendAsync(admin, "ListAudit", "/api/v1/audit?after=%2B", null);
        await answers.SendAsync(admin, "SetRecordingState", "/api/v1/rooms/room-none/records/states/1", ExampleOf("SetRecordingState"));
        await answers.SendAsync(admin, "ReportRecordingReady", "/api/v1/rooms/room-1/records/ready", null);
        await answers.SendAsync(admin, "PassthroughGet", "/edu/apps/another-app/v2/rooms/room-1", null);
        // The passthrough's own refusals: Agora's event queue, a path that means two things, a body that is not JSON.
        await answers.SendAsync(admin, "PassthroughGet", $"/edu/polling/apps/{AgoraSandbox.AppId}/v2/rooms/sequences", null);
        await answers.SendAsync(admin, "PassthroughDelete", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1//properties", null);
        await answers.SendAsync(admin, "PassthroughPost", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-2", ExampleOf("CreateRoom"), mediaType: "text/plain");
        await answers.SendAsync(callers[2], "GetAttendance", "/api/v1/rooms/room-1/attendance", null, accept: "text/csv");
        await answers.SendAsync(admin, "GetAttendance", "/api/v1/rooms/" + new string('r', 64) + "/attendance", null, accept: "text/csv");

        Assert.Contains(answers.Seen, a => a.Status == 401);
        Assert.Contains(answers.Seen, a => a.Status == 403);
        Assert.Contains(answers.Seen, a => a.Status == 404);
        Assert.Contains(answers.Seen, a => a.Status == 413);
        Assert.Contains(answers.Seen, a => a.Status == 415);
        Assert.Equal(2, answers.Seen.Count(a => a.Status == 501));
        Assert.Contains(answers.Seen, a => a.Id == "PassthroughGet" && a.Status == 403 && a.Body.Contains("GET /api/v1/events", StringComparison.Ordinal));
        Assert.Contains(answers.Seen, a => a.Id == "PassthroughDelete" && a.Status == 400);
        Assert.Contains(answers.Seen, a => a.Id == "PassthroughPost" && a.Status == 415);
        Assert.True(answers.Mismatches.Count == 0, string.Join("\n", answers.Mismatches));
        foreach (var caller in callers)
        {
            caller.Dispose();
        }
    }

    /// <summary>A caller over its rate, and the routes of the logs, readiness and the stream tickets while Redis is out of reach.</summary>
    [Fact]
    public async Task TheAnswersOfAGatewayUnderLoadOrWithoutRedisAreTheOnesDocumented()
    {
        var answers = new Answers();
        await using (var limited = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "1" }))
        {
            using var admin = limited.CreateClient(TestJwt.Admin().Sign());
            await answers.SendAsync(admin, "ListEvents", "/api/v1/events", null);
            await answers.SendAsync(admin, "ListAudit", "/api/v1/audit", null);
            await answers.SendAsync(admin, "QueryRoom", "/api/v1/rooms/room-1", null);
            await answers.SendAsync(admin, "MintRtmToken", "/api/v1/rtm-token", null);
        }
        using var noRedis = new RefusingPort();
        await using (var redisless = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = noRedis.Configuration }))
        {
            using var admin = redisless.CreateClient(TestJwt.Admin().Sign());
            await answers.SendAsync(admin, "ListEvents", "/api/v1/events", null);
            await answers.SendAsync(admin, "ListAudit", "/api/v1/audit", null);
            await answers.SendAsync(admin, "GetAttendance", "/api/v1/rooms/room-1/attendance", null);
            await answers.SendAsync(admin, "Readiness", "/readyz", null);
            await answers.SendAsync(admin, "Liveness", "/healthz", null);
        }

        Assert.Contains(answers.Seen, a => a.Status == 429);
        Assert.Contains(answers.Seen, a => a.Id == "ListAudit" && a.Status == 503);
        Assert.Contains(answers.Seen, a => a.Id == "Readiness" && a.Status == 503);
        Assert.True(answers.Mismatches.Count == 0, string.Join("\n", answers.Mismatches));
    }

    /// <summary>
    /// What Agora may answer besides success: each kind of failure, a success that cannot be its envelope (a page, no
    /// body, a 204, JSON that is not an object with <c>code</c> 0), and errors whose envelope is short of a field or has
    /// one of another type. Not here: a 503 of Agora's without <c>Retry-After</c> (the document says the header is there
    /// while the gateway holds calls back, or as Agora's 503 said), and an envelope short of its <c>data</c> (a forwarded
    /// route reads no more of Agora's success than its start).
    /// </summary>
    public static TheoryData<string> UpstreamAnswers() =>
    [
        "unavailable", "unavailable until a distant date", "too many requests", "too many requests without Retry-After", "slow", "closed", "not its envelope", "empty",
        "no content", "JSON that is not its envelope", "another code on a success",
        "conflict", "server error", "no message", "a message that is not text", "a code that is not a number", "a code past 32 bits",
    ];

    [Theory]
    [MemberData(nameof(UpstreamAnswers))]
    public async Task EveryAnswerWhenAgoraFailsIsTheOneItsOperationDocuments(string failure)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = failure switch
        {
            "unavailable" or "too many requests" => context =>
            {
                context.Response.Headers.RetryAfter = "7";
                return RecordingUpstream.Reply(context, failure == "unavailable" ? 503 : 429, """{"code":1,"msg":"Busy","ts":1}""");
            },
            // Further off than the whole seconds the document's Retry-After holds.
            "unavailable until a distant date" => context =>
            {
                context.Response.Headers.RetryAfter = "Fri, 31 Dec 9999 23:59:59 GMT";
                return RecordingUpstream.Reply(context, 503, """{"code":503,"msg":"Service Unavailable","ts":1}""");
            },
            "too many requests without Retry-After" => context => RecordingUpstream.Reply(context, 429, """{"code":429,"msg":"Too Many Requests"}"""),
            "slow" => async context => await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted),
            "closed" => RecordingUpstream.Abort,
            "not its envelope" => context => RecordingUpstream.Reply(context, 200, "<html>maintenance</html>", "text/html"),
            "no content" => context =>
            {
                context.Response.StatusCode = 204;
                return Task.CompletedTask;
            },
            "JSON that is not its envelope" => context => RecordingUpstream.Reply(context, 200, "[]"),
            "another code on a success" => context => RecordingUpstream.Reply(context, 200, """{"code":30409101,"msg":"class already ended","ts":1}"""),
            "conflict" => context => RecordingUpstream.Reply(context, 409, """{"code":30409101,"msg":"class already ended","ts":1}"""),
            "server error" => context => RecordingUpstream.Reply(context, 500, """{"code":500,"msg":"Internal Server Error","ts":1}"""),
            "no message" => context => RecordingUpstream.Reply(context, 404, """{"code":20404100,"ts":1}"""),
            "a message that is not text" => context => RecordingUpstream.Reply(context, 404, """{"code":20404100,"msg":{"zh":"x"},"ts":1}"""),
            "a code that is not a number" => context => RecordingUpstream.Reply(context, 404, """{"code":"20404100","msg":"classroom does not exist","ts":1}"""),
            "a code past 32 bits" => context => RecordingUpstream.Reply(context, 400, """{"code":99999999999,"msg":"odd","ts":1}"""),
            _ => context =>
            {
                context.Response.ContentLength = 0;
                return RecordingUpstream.Reply(context, 200, "");
            },
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Agora:TimeoutSeconds", "1"));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var answers = new Answers();

        var calls = Operations.Keys.Where(id => id is not ("StreamRoomEvents" or "Liveness" or "IssueDevToken")).Select(id => answers.SendAsync(admin, id, DocumentedClass.Fill(Operations[id].Path), ExampleOf(id)));
        await Task.WhenAll(calls);

        Assert.NotEmpty(upstream.Requests);
        Assert.True(answers.Mismatches.Count == 0, string.Join("\n", answers.Mismatches));
    }

    /// <summary>
    /// A page's <c>nextId</c> is forwarded exactly when the document's schema allows it: its length in characters as JSON
    /// Schema counts them (a character beyond the BMP, two UTF-16 units, is one), and no control character.
    /// </summary>
    [Theory]
    [InlineData(128, "a")]
    [InlineData(129, "a")]
    [InlineData(128, "\U0001F600")]
    [InlineData(129, "\U0001F600")]
    [InlineData(1, "a\tb")]
    [InlineData(1, "a\u0085b")]
    [InlineData(1, "a\u007Fb")]
    [InlineData(10, "\u00E9")]
    public async Task ANextIdIsTakenExactlyWhenTheDocumentAllowsIt(int times, string part)
    {
        var nextId = string.Concat(Enumerable.Repeat(part, times));
        var schema = ((JsonArray)Operations["ListRecordings"].Operation["parameters"]!).Single(p => (string)p!["name"]! == "nextId")!["schema"]!;

        await AssertTakenExactlyWhenDocumentedAsync(schema, nextId,
            new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/records?nextId=" + Uri.EscapeDataString(nextId)));
    }

    /// <summary>
    /// A page of events' <c>nextId</c> is taken exactly when the document's schema allows it: a sequence number from 0 to
    /// 2147483647 in decimal digits without a leading zero, however many digits the number past it is written in.
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("07")]
    [InlineData("999999999")]
    [InlineData("1999999999")]
    [InlineData("2099999999")]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("2147483650")]
    [InlineData("2147483700")]
    [InlineData("2147490000")]
    [InlineData("2148000000")]
    [InlineData("2200000000")]
    [InlineData("3000000000")]
    [InlineData("9999999999")]
    public async Task ASequenceNumberIsTakenExactlyWhenTheDocumentAllowsIt(string nextId)
    {
        var schema = ((JsonArray)Operations["QuerySequences"].Operation["parameters"]!).Single(p => (string)p!["name"]! == "nextId")!["schema"]!;

        await AssertTakenExactlyWhenDocumentedAsync(schema, nextId, new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/sequences?nextId=" + nextId));
    }

    /// <summary>
    /// A room's name is taken exactly when the document's schema allows it: not empty, nor only white space as the gateway
    /// reads it (U+0085 is white space to .NET, not to ECMAScript's <c>\s</c>; U+FEFF the other way round).
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00A0\u3000")]
    [InlineData("\u0085")]
    [InlineData("\uFEFF")]
    [InlineData(" a ")]
    public async Task ARoomNameIsTakenExactlyWhenTheDocumentAllowsIt(string name)
    {
        var schema = Document["components"]!["schemas"]!["CreateRoomRequest"]!["properties"]!["roomName"]!;

        await AssertTakenExactlyWhenDocumentedAsync(schema, name, new HttpRequestMessage(HttpMethod.Post, "/api/v1/rooms/room-1")
        {
            Content = new StringContent(new JsonObject { ["roomName"] = name, ["roomType"] = 4 }.ToJsonString(), Encoding.UTF8, "application/json"),
        });
    }

    /// <summary>
    /// A resource's URL is taken exactly when the document's schema allows it: an absolute URL of Agora's fetching, http or
    /// https in any case with a host, and not any other absolute URI.
    /// </summary>
    [Theory]
    [InlineData("https://files.school.example/lesson-1.pptx")]
    [InlineData("HTTP://files.school.example/lesson-1.pptx")]
    [InlineData("ftp://files.school.example/lesson-1.pptx")]
    [InlineData("mailto:teacher-1@school.example")]
    [InlineData("urn:isbn:0451450523")]
    [InlineData("https:lesson-1.pptx")]
    [InlineData("http:/lesson-1.pptx")]
    [InlineData("https://")]
    public async Task AResourceUrlIsTakenExactlyWhenTheDocumentAllowsIt(string url)
    {
        var schema = Document["components"]!["schemas"]!["UploadResourceRequest"]!["properties"]!["url"]!;
        var body = JsonNode.Parse(ExampleOf("UploadResource")!)!;
        body["url"] = url;

        await AssertTakenExactlyWhenDocumentedAsync(schema, url, new HttpRequestMessage(HttpMethod.Put, "/api/v1/rooms/room-1/resources/lesson-1")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        });
    }

    /// <summary>
    /// A key to delete is taken exactly when the document's schema allows it: at most 256 characters as JSON Schema counts
    /// them, and a dotted path of at most 16 parts none of which is empty or only white space.
    /// </summary>
    [Theory]
    [InlineData(256, "a")]
    [InlineData(257, "a")]
    [InlineData(256, "\U0001F600")]
    [InlineData(257, "\U0001F600")]
    [InlineData(1, "a..b")]
    [InlineData(1, ".a")]
    [InlineData(1, "a. \u00A0.b")]
    [InlineData(1, "a.\u0085")]
    [InlineData(1, "a.\uFEFF")]
    [InlineData(16, "a.")]
    [InlineData(1, "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p")]
    [InlineData(1, "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q")]
    public async Task AKeyToDeleteIsTakenExactlyWhenTheDocumentAllowsIt(int times, string part)
    {
        var key = string.Concat(Enumerable.Repeat(part, times));
        var schema = Document["components"]!["schemas"]!["DeletePropertiesRequest"]!["properties"]!["properties"]!["items"]!;

        await AssertTakenExactlyWhenDocumentedAsync(schema, key, new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/room-1/properties")
        {
            Content = new StringContent(new JsonObject { ["properties"] = new JsonArray(key) }.ToJsonString(), Encoding.UTF8, "application/json"),
        });
    }

    /// <summary>
    /// A sandbox token's body is signed exactly when the document's schema allows it: at most 100 rooms, each <c>*</c> or a
    /// room id, and a name, when there is one, that is not empty.
    /// </summary>
    [Theory]
    [InlineData(1, "*", "Ms Rivera")]
    [InlineData(100, "room 1", "Ms Rivera")]
    [InlineData(101, "room-1", "Ms Rivera")]
    [InlineData(1, "", "Ms Rivera")]
    [InlineData(1, "**", "Ms Rivera")]
    [InlineData(1, "room/1", "Ms Rivera")]
    [InlineData(1, "room-1", "")]
    public async Task ADevTokenIsSignedExactlyWhenTheDocumentAllowsItsBody(int times, string room, string name)
    {
        var body = new JsonObject { ["sub"] = "teacher-1", ["rooms"] = new JsonArray([.. Enumerable.Repeat(room, times).Select(r => (JsonNode)r)]), ["name"] = name };
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();

        using var answer = await anonymous.PostAsync("/dev/token", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Json.Cancel);

        var documented = !Validate(Document["components"]!["schemas"]!["DevTokenRequest"]!, body).Any();
        Assert.True(documented == (answer.StatusCode == HttpStatusCode.OK),
            $"the document {(documented ? "allows" : "refuses")} it, the gateway answered {(int)answer.StatusCode}: {Shorten(await answer.Content.ReadAsStringAsync(Json.Cancel))}");
    }

    /// <summary>The gateway answers <paramref name="request"/>, which carries <paramref name="value"/>, without a 400 and forwards it exactly when <paramref name="schema"/> allows the value.</summary>
    static async Task AssertTakenExactlyWhenDocumentedAsync(JsonNode schema, string value, HttpRequestMessage request)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        using (request)
        {
            using var answer = await admin.SendAsync(request, Json.Cancel);
            var body = await answer.Content.ReadAsStringAsync(Json.Cancel);

            var documented = !Validate(schema, JsonValue.Create(value)).Any();
            var taken = answer.StatusCode != HttpStatusCode.BadRequest;
            Assert.True(documented == taken, $"the document {(documented ? "allows" : "refuses")} it, the gateway answered {(int)answer.StatusCode}: {Shorten(body)}");
            Assert.Equal(taken ? 1 : 0, upstream.Requests.Count);
        }
    }

    sealed class Answers
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Id, int Status, string Body)> Seen { get; } = [];
        public System.Collections.Concurrent.ConcurrentQueue<string> Mismatches { get; } = [];

        public async Task SendAsync(HttpClient client, string id, string path, string? body, string mediaType = "application/json", string? accept = null,
            string? transferCoding = null)
        {
            var method = Operations[id].Method;
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (transferCoding is not null)
            {
                request.Headers.TryAddWithoutValidation("Transfer-Encoding", transferCoding);
            }
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, mediaType);
            }
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
            var media = response.Content.Headers.ContentType?.MediaType;
            // A stream answers for as long as the room lives: its head is what is checked.
            var text = media == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(Json.Cancel);
            var status = (int)response.StatusCode;
            Seen.Enqueue((id, status, text));
            foreach (var mismatch in Check(id, response, media, text))
            {
                Mismatches.Enqueue($"{id} {method} {path} → {status} {media}: {mismatch}\n    {Shorten(text)}");
            }
        }
    }

    static IEnumerable<string> Check(string id, HttpResponseMessage response, string? media, string body)
    {
        var responses = Operations[id].Operation["responses"]!;
        var documented = responses[((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (documented is null)
        {
            yield return "the status is not documented";
            yield break;
        }
        foreach (var (name, header) in documented["headers"]?.AsObject() ?? [])
        {
            var definition = header!["$ref"] is { } reference ? Document["components"]!["headers"]![((string)reference!).Split('/')[^1]]! : header;
            var values = response.Headers.TryGetValues(name, out var found) ? found.ToList()
                : response.Content.Headers.TryGetValues(name, out var onContent) ? onContent.ToList() : [];
            if (values.Count == 0)
            {
                yield return $"no {name} header";
                continue;
            }
            var schema = definition["schema"]!;
            var value = (string?)schema["type"] == "integer" && long.TryParse(values[0], out var number) ? JsonValue.Create(number) : JsonValue.Create(values[0]);
            foreach (var error in Validate(schema, value))
            {
                yield return $"header {name}: {values[0]}: {error}";
            }
        }
        var content = documented["content"]?.AsObject();
        if (content is null)
        {
            if (body.Length > 0)
            {
                yield return "a body where none is documented";
            }
            yield break;
        }
        if (media is null || !content.ContainsKey(media))
        {
            yield return $"media type {media ?? "(none)"} is none of {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        if (media == "text/csv")
        {
            // A CSV answer is what its status's description says it is: its first line the header row named there.
            var named = CsvHeaderRow().Match((string?)documented["description"] ?? "");
            var first = body.Split("\r\n")[0];
            if (!named.Success || named.Groups[1].Value != first)
            {
                yield return $"header row {first}: the document names {(named.Success ? named.Groups[1].Value : "none")}";
            }
        }
        if (!media.EndsWith("json", StringComparison.Ordinal))
        {
            yield break;
        }
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            json = null;
            body = e.Message;
        }
        if (json is null)
        {
            yield return $"not JSON: {body}";
            yield break;
        }
        foreach (var error in Validate(content[media]!["schema"]!, json))
        {
            yield return error;
        }
    }

    static IEnumerable<string> Validate(JsonNode schema, JsonNode? value)
    {
        var root = (JsonObject)Translate(schema, map: false);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = Definitions.DeepClone();
        var result = JsonSchema.FromText(root.ToJsonString()).Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("invalid").ToList();
    }

    /// <summary>An OpenAPI 3.0 schema as JSON Schema 2020-12: <c>nullable</c> as the <c>null</c> type, references into <c>$defs</c>, no examples.</summary>
    static JsonNode Translate(JsonNode node, bool map)
    {
        if (map)
        {
            return new JsonObject(node.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Translate(p.Value!, map: false))));
        }
        if (node is not JsonObject schema)
        {
            return node.DeepClone();
        }
        var translated = new JsonObject();
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "example" or "nullable" or "discriminator" or "xml" or "externalDocs":
                    break;
                case "$ref":
                    translated[key] = ((string)value!).Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    break;
                case "properties" or "patternProperties":
                    translated[key] = Translate(value!, map: true);
                    break;
                case "items" or "additionalProperties" or "not":
                    translated[key] = Translate(value!, map: false);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    translated[key] = new JsonArray(value!.AsArray().Select(v => (JsonNode?)Translate(v!, map: false)).ToArray());
                    break;
                default:
                    translated[key] = value?.DeepClone();
                    break;
            }
        }
        if (schema["nullable"]?.GetValue<bool>() != true)
        {
            return translated;
        }
        if (translated["enum"] is JsonArray values)
        {
            values.Add(null);
        }
        if (translated["type"] is JsonValue type && translated["$ref"] is null && translated["allOf"] is null && translated["anyOf"] is null && translated["oneOf"] is null)
        {
            translated["type"] = new JsonArray((string)type!, "null");
            return translated;
        }
        return new JsonObject { ["anyOf"] = new JsonArray(translated, new JsonObject { ["type"] = "null" }) };
    }

    static string? ExampleOf(string id)
    {
        var reference = (string?)Operations[id].Operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"];
        return reference is null ? null : Document["components"]!["schemas"]![reference.Split('/')[^1]]!["example"]?.ToJsonString();
    }

    static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    [System.Text.RegularExpressions.GeneratedRegex("header row `([^`]+)`")]
    private static partial System.Text.RegularExpressions.Regex CsvHeaderRow();
}
