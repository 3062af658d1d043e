using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.OpenApi;

/// <summary>What the served document says of statuses, values, methods, access and examples is what the gateway does.</summary>
public sealed partial class DocumentedBehaviourTests
{
    const string DocumentUrl = "/swagger/v1/swagger.json";
    static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];
    const string HeadAnswers = "`HEAD` answers the same status without a body";

    /// <summary>Agora answering 503 (with <c>Retry-After</c>), answering too late, and answering what is not its envelope.</summary>
    public static TheoryData<string> UpstreamFailures() => ["unavailable", "slow", "not its envelope", "conflict", "refusing the gateway"];

    [Theory]
    [MemberData(nameof(UpstreamFailures))]
    public async Task EveryStatusARouteAnswersWhenAgoraFailsIsDocumented(string failure)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = failure switch
        {
            "unavailable" => context =>
            {
                context.Response.Headers.RetryAfter = "7";
                return RecordingUpstream.Reply(context, 503, """{"code":503,"msg":"Service Unavailable"}""");
            },
            "slow" => async context => await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted),
            // Agora's errors keep their status: those a route is not known for are its document's default answer.
            "conflict" => context => RecordingUpstream.Reply(context, 409, """{"code":30409101,"msg":"class already ended","ts":1}"""),
            "refusing the gateway" => context => RecordingUpstream.Reply(context, 401, """{"message":"invalid token"}"""),
            _ => context => RecordingUpstream.Reply(context, 200, "<html>maintenance</html>", "text/html"),
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Agora:TimeoutSeconds", "1"));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var calls = await CallsAsync(admin, (_, operation) => operation["responses"]!["200"]?["content"]?["text/event-stream"] is null);
        var answers = await Task.WhenAll(calls.Select(async call =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Target);
            if (call.Body is not null)
            {
                request.Content = new StringContent(call.Body, Encoding.UTF8, "application/json");
            }
            var response = await admin.SendAsync(request, Json.Cancel);
            return (call.Operation, Status: (int)response.StatusCode, call.Documented, RetryAfter: response.Headers.RetryAfter is not null,
                call.RetryAfterDocumented);
        }));

        Assert.NotEmpty(upstream.Requests);
        Assert.Contains(answers, a => a.Status >= (failure is "conflict" or "refusing the gateway" ? 400 : 500));
        Assert.All(answers.Where(a => a.Status >= 300), a =>
            Assert.True(a.Documented.Contains(a.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)) || a.Documented.Contains("default"),
                $"{a.Operation} answered {a.Status}, which its document does not list ({string.Join(", ", a.Documented)})"));
        Assert.All(answers.Where(a => a.RetryAfter), a =>
            Assert.True(a.RetryAfterDocumented.Contains(a.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                $"{a.Operation} answered {a.Status} with Retry-After, which its document does not list for it"));
    }

    /// <summary>Every operation that takes a body refuses one over 1 MiB (413) and one not sent as JSON (415), and says so.</summary>
    [Fact]
    public async Task EveryRouteThatTakesABodyDocumentsItsRefusals()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var calls = await CallsAsync(admin, (path, operation) => operation["requestBody"] is not null && !path.StartsWith("/dev/", StringComparison.Ordinal));

        foreach (var call in calls)
        {
            foreach (var (content, status) in new[] { (new StringContent("{}", Encoding.UTF8, "text/plain"), 415),
                (new StringContent("\"" + new string('x', 2 * 1024 * 1024) + "\"", Encoding.UTF8, "application/json"), 413) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Target) { Content = content };
                Assert.Equal((call.Operation, status), (call.Operation, (int)(await admin.SendAsync(request, Json.Cancel)).StatusCode));
                Assert.True(call.Documented.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    $"{call.Operation} answered {status}, which its document does not list ({string.Join(", ", call.Documented)})");
            }
        }
        Assert.Contains(calls, call => call.Operation.StartsWith("PUT /edu/", StringComparison.Ordinal));
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// Every operation that reads a body refuses one that comes too slowly (under Kestrel's minimum data rate once its
    /// grace has run) with a 408 problem, and says so. On a socket, all at once: each waits out the grace.
    /// </summary>
    [Fact]
    public async Task EveryRouteThatTakesABodyDocumentsTheRefusalOfABodyTooSlow()
    {
        await using var gateway = new GatewayFactory();
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Admin().Sign();
        using var admin = gateway.CreateClient(jwt);
        var document = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var calls = await CallsAsync(admin, (_, operation) => operation["requestBody"] is not null);

        var answers = await Task.WhenAll(calls.Select(async call =>
            (call.Operation, call.Documented, Answer: await RawHttp.SendStalledAsync(server, call.Method, call.Target, jwt, "{", 1024,
                "Content-Type: application/json"))));

        Assert.Contains(answers, a => a.Operation == "POST /dev/token");
        Assert.Contains(answers, a => a.Operation == "PUT /edu/{path}");
        Assert.All(answers, a =>
        {
            Assert.Equal((a.Operation, HttpStatusCode.RequestTimeout), (a.Operation, a.Answer.Status));
            Assert.Contains("Content-Type: application/problem+json", a.Answer.Head, StringComparison.Ordinal);
            Assert.True(a.Documented.Contains("408"), $"{a.Operation} answered 408, which its document does not list ({string.Join(", ", a.Documented)})");
            var schema = document["paths"]![a.Operation.Split(' ')[1]]![a.Operation.Split(' ')[0].ToLowerInvariant()]!["responses"]!["408"]!
                ["content"]!["application/problem+json"]!["schema"]!;
            Assert.Empty(OpenApiSchema.Violations(document, schema, JsonDocument.Parse(RawHttp.Unchunked(a.Answer.Body)).RootElement));
        });
    }

    /// <summary>
    /// With the school's authority out of reach before its keys were fetched, no JWT can be checked: every operation that
    /// needs a sign-in answers 503 with <c>Retry-After</c>, and says so, the RTM token's and the stream ticket's too.
    /// </summary>
    [Fact]
    public async Task EveryOperationThatNeedsASignInDocumentsThe503OfAnAuthorityOutOfReach()
    {
        using var authority = new ResettingListener();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = authority.BaseUrl.ToString(),
            ["Auth:Issuer"] = authority.BaseUrl.ToString(),
            ["Auth:Audience"] = "classroom",
            ["Auth:SigningKey"] = null,
        });
        using var client = gateway.CreateClient(new TestJwt
        {
            Issuer = authority.BaseUrl.ToString(),
            Audience = "classroom",
            Credentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "rsa-1" },
                Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        }.Sign());
        var calls = await CallsAsync(client, (_, operation) => operation["security"] is not null);

        var answers = await Task.WhenAll(calls.Select(async call =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Target);
            if (call.Body is not null)
            {
                request.Content = new StringContent(call.Body, Encoding.UTF8, "application/json");
            }
            var response = await client.SendAsync(request, Json.Cancel);
            return (call.Operation, response.StatusCode, RetryAfter: response.Headers.RetryAfter is not null, call.Documented, call.RetryAfterDocumented);
        }));

        Assert.Contains(answers, a => a.Operation == "POST /api/v1/rtm-token");
        Assert.Contains(answers, a => a.Operation == "POST /api/v1/rooms/{roomUuid}/events/ticket");
        Assert.All(answers, a =>
        {
            Assert.Equal((a.Operation, HttpStatusCode.ServiceUnavailable, true), (a.Operation, a.StatusCode, a.RetryAfter));
            Assert.True(a.Documented.Contains("503"), $"{a.Operation} answered 503, which its document does not list ({string.Join(", ", a.Documented)})");
            Assert.True(a.RetryAfterDocumented.Contains("503"), $"{a.Operation} answered 503 with Retry-After, which its document does not list for it");
        });
    }

    /// <summary>
    /// Every API operation refuses a query whose escape decodes to no text (400), whatever parameters it takes, and says
    /// so. On a socket: the in-memory server passes no raw request target.
    /// </summary>
    [Fact]
    public async Task EveryApiRouteDocumentsTheRefusalOfABadEscape()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var calls = await CallsAsync(admin, (path, _) => path.StartsWith("/api/v1/", StringComparison.Ordinal));

        foreach (var call in calls)
        {
            var target = call.Target + (call.Target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "x=%FF";
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), target);
            Assert.Equal((call.Operation, 400), (call.Operation, (int)(await admin.SendAsync(request, Json.Cancel)).StatusCode));
            Assert.True(call.Documented.Contains("400"), $"{call.Operation} answered 400, which its document does not list ({string.Join(", ", call.Documented)})");
        }
        Assert.Contains(calls, call => call.Operation == "POST /api/v1/rtm-token");
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// Every operation, whoever may call it, refuses a request line over 8 KiB (414) and more than 64 headers (431) with a
    /// problem, and names each status itself: not left to a <c>default</c> that speaks of Agora's answers, or to nothing.
    /// On a socket: the in-memory server passes no raw request target.
    /// </summary>
    [Fact]
    public async Task EveryOperationDocumentsTheRefusalsOfAnOversizedRequestHead()
    {
        await using var gateway = new GatewayFactory();
        gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var document = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var calls = await CallsAsync(admin, (_, _) => true);

        var answers = new List<(string Operation, int Status, string? Type, JsonNode? Documented, JsonElement Body)>();
        foreach (var call in calls)
        {
            var longTarget = call.Target + (call.Target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "x=" + new string('a', 9 * 1024);
            foreach (var (target, headers) in new[] { (longTarget, 0), (call.Target, Gateway.Security.RequestLimits.MaxHeaderCount + 1) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(call.Method), target);
                for (var i = 0; i < headers; i++)
                {
                    request.Headers.Add($"X-Filler-{i}", "1");
                }
                var response = await admin.SendAsync(request, Json.Cancel);
                var status = (int)response.StatusCode;
                var documented = document["paths"]![call.Operation.Split(' ')[1]]![call.Method.ToLowerInvariant()]!["responses"]!
                    [status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                answers.Add((call.Operation, status, response.Content.Headers.ContentType?.MediaType, documented, await response.ReadJson()));
            }
        }

        Assert.Contains(answers, a => a.Operation == "POST /dev/token");
        Assert.Contains(answers, a => a.Operation == "GET /healthz");
        Assert.Equal(calls.Count * 2, answers.Count(a => a.Status is 414 or 431 && a.Type == "application/problem+json"));
        Assert.All(answers, a =>
        {
            Assert.True(a.Documented is not null, $"{a.Operation} answered {a.Status}, which its document does not list");
            var schema = a.Documented["content"]?["application/problem+json"]?["schema"];
            Assert.True(schema is not null, $"{a.Operation}: its {a.Status} is not documented as a problem");
            Assert.Empty(OpenApiSchema.Violations(document, schema, a.Body));
        });
    }

    /// <summary>
    /// Agora answers many writes with its envelope and no <c>data</c>, others with <c>data</c>: the passthrough's writes are
    /// documented to answer either, as <c>anyOf</c>. An answer with <c>data</c> is both (the empty envelope does not
    /// forbid more), which a <c>oneOf</c> refuses, as a validating client would.
    /// </summary>
    [Fact]
    public async Task APassthroughWriteIsDocumentedToAnswerWithOrWithoutData()
    {
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await admin.PostAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1",
            new StringContent("""{"roomName":"Maths","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);

        var written = await admin.PutAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/properties",
            new StringContent("""{"properties":{"a":1}}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var entered = await admin.PutAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/users/s1",
            new StringContent("""{"userName":"Sam","role":2}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var passthrough = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!["paths"]!["/edu/{path}"]!;

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.False((await written.ReadJson()).TryGetProperty("data", out _));
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
        Assert.Equal(JsonValueKind.Object, (await entered.ReadJson()).GetProperty("data").ValueKind);
        Assert.All(Methods.Where(m => m != "get"), method =>
        {
            var schema = passthrough[method]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
            Assert.Null(schema["oneOf"]);
            Assert.Equal(["AgoraEmptyEnvelope", "AgoraEnvelopeOfJsonElement"],
                (schema["anyOf"]?.AsArray() ?? []).Select(s => ((string)s!["$ref"]!).Split('/')[^1]).Order());
        });
    }

    /// <summary>
    /// The routes that read the event log or the audit trail call no Agora: their 503, which they answer while Redis is out
    /// of reach, is documented as the log's or the trail's, not as Agora's.
    /// </summary>
    [Fact]
    public async Task TheLogsRoutesDocumentTheir503AsTheLogsNotAgorasWithWhenToTryAgain()
    {
        using var noRedis = new RefusingPort();
        await using var gateway = GatewayFactory.InFrontOf(new Uri("http://127.0.0.1:9"), ("Redis:Configuration", noRedis.Configuration));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var paths = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!["paths"]!;

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["/api/v1/events"] = await admin.GetAsync("/api/v1/events", Json.Cancel),
            ["/api/v1/audit"] = await admin.GetAsync("/api/v1/audit", Json.Cancel),
            ["/api/v1/rooms/{roomUuid}/events/stream"] = await admin.GetAsync("/api/v1/rooms/room-1/events/stream?lastEventId=MC0w", Json.Cancel),
            ["/api/v1/rooms/{roomUuid}/attendance"] = await admin.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel),
        };

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Value.StatusCode);
            // When to try again: once the instance tries Redis again after a failure.
            Assert.Equal(Gateway.Redis.RedisConnection.FailureBackOff, answer.Value.Headers.RetryAfter?.Delta);
            var response = paths[answer.Key]!["get"]!["responses"]!["503"]!;
            var documented = (string)response["description"]!;
            Assert.Contains("cannot be reached (Redis down", documented);
            Assert.Contains("`Retry-After`", documented);
            Assert.Contains("tries Redis again", (string)response["headers"]!["Retry-After"]!["description"]!);
            Assert.DoesNotContain("Agora", documented);
        });
    }

    /// <summary>A change's <c>cause</c> is documented as the JSON object the rules take: any other value is refused.</summary>
    [Fact]
    public async Task TheCauseOfAChangeIsDocumentedAsTheObjectTheRulesTake()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var schemas = JsonNode.Parse(await teacher.GetStringAsync(DocumentUrl, Json.Cancel))!["components"]!["schemas"]!.AsObject();

        var refused = await teacher.PutAsync("/api/v1/rooms/room-1/properties",
            new StringContent("""{"properties":{"a":1},"cause":"why"}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ReadJson()).GetProperty("errors").TryGetProperty("cause", out _));
        var causes = schemas.Where(s => s.Value?["properties"]?["cause"] is not null).ToList();
        Assert.True(causes.Count >= 4, string.Join(", ", causes.Select(c => c.Key)));
        Assert.All(causes, s => Assert.Equal("object", (string?)s.Value!["properties"]!["cause"]!["type"]));
    }

    [Fact]
    public async Task TheRoleOfAUserIsDocumentedAsTheNumberTheAnswerCarries()
    {
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var created = await admin.PostAsync("/api/v1/rooms/room-1",
            new StringContent("""{"roomName":"Physics 101","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);
        await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, "room-1", "student-1", 2);

        var answer = await (await admin.GetAsync("/api/v1/rooms/room-1/users/student-1", Json.Cancel)).ReadJson();
        var document = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var role = document["components"]!["schemas"]!["RoomUserDetails"]!["properties"]!["role"]!;

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(JsonValueKind.Number, answer.GetProperty("data").GetProperty("role").ValueKind);
        Assert.Contains("integer", Types(role));
        Assert.Contains("string", Types(role));
    }

    /// <summary>
    /// No field of what a client sends is documented as nullable, at any depth, in a schema answered too: the gateway
    /// refuses a declared field sent as null, so a client generated from the document must not be typed to send one.
    /// A room's role config, sent and answered, is answered without nulls for what was left out.
    /// </summary>
    [Fact]
    public async Task NoFieldOfARequestBodyIsDocumentedNullableAndTheRoleConfigIsAnsweredWithoutNulls()
    {
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var document = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var pending = new Stack<JsonNode?>(document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject())
            .Where(operation => Methods.Contains(operation.Key))
            .Select(operation => operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"]));
        var seen = new HashSet<string>();
        var nullable = new List<string>();
        while (pending.TryPop(out var schema))
        {
            if (schema is not JsonObject)
            {
                continue;
            }
            if (schema["$ref"] is { } reference)
            {
                var id = reference.GetValue<string>().Split('/')[^1];
                if (seen.Add(id))
                {
                    pending.Push(schemas[id]);
                }
                continue;
            }
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                if (property?["nullable"]?.GetValue<bool>() == true)
                {
                    nullable.Add(name);
                }
                pending.Push(property);
            }
            foreach (var child in new[] { schema["items"], schema["additionalProperties"] }
                .Concat(new[] { "allOf", "oneOf", "anyOf" }.SelectMany(key => schema[key]?.AsArray() ?? [])))
            {
                pending.Push(child);
            }
        }
        var created = await admin.PostAsync("/api/v1/rooms/room-1", new StringContent(
            """{"roomName":"Maths","roomType":4,"roleConfig":{"2":{"defaultStream":{"state":1}}}}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var room = await (await admin.GetAsync("/api/v1/rooms/room-1", Json.Cancel)).ReadJson();

        Assert.Contains("RoleConfig", seen);
        Assert.Empty(nullable);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("""{"defaultStream":{"state":1}}""", room.GetProperty("data").GetProperty("roleConfig").GetProperty("2").GetRawText());
    }

    /// <summary>
    /// The stream's 401 is documented for a ticket as well as for a JWT: one sent a second time is refused, with the
    /// reasons that the operation's 401 names.
    /// </summary>
    [Fact]
    public async Task TheStreamDocumentsThe401OfATicketItDoesNotTake()
    {
        await using var gateway = new GatewayFactory();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var browser = gateway.CreateClient();
        var issued = JsonNode.Parse(await (await student.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel))!;
        var stream = "/api/v1/rooms/room-1/events/stream?ticket=" + (string)issued["data"]!["ticket"]!;
        (await browser.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead, Json.Cancel)).Dispose();

        using var refused = await browser.GetAsync(stream, Json.Cancel);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Json.Cancel))!;
        var document = JsonNode.Parse(await browser.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var described = (string)document["paths"]!["/api/v1/rooms/{roomUuid}/events/stream"]!["get"]!["responses"]!["401"]!["description"]!;

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(Gateway.Events.EventTicketHandler.Refusal, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains(Gateway.Events.EventTicketHandler.Refusal, described, StringComparison.Ordinal);
    }

    /// <summary>Every entry of the audit's answer carries its <c>id</c>, the cursor a reader pages with: required, never null.</summary>
    [Fact]
    public async Task AnAuditEntryIsDocumentedWithTheIdEveryAnswerCarries()
    {
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await admin.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);

        var entry = Assert.Single(await Audit.AuditClient.WaitForAuditAsync(admin, 1));
        var document = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var schema = document["components"]!["schemas"]!["AuditEntry"]!;

        Assert.Equal(JsonValueKind.String, entry.GetProperty("id").ValueKind);
        Assert.Contains("id", schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(schema["properties"]!["id"]!["nullable"]);
    }

    /// <summary>A bound the document states is the one the gateway holds: an empty list of groups is refused, an empty <c>extra</c> beside a state is not.</summary>
    [Fact]
    public async Task TheBoundsOfGroupsAndAWidgetsExtraAreDocumentedAsTheGatewayHoldsThem()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var joined = await teacher.PostAsync("/api/v1/rooms/room-1/join", new StringContent("""{"roomName":"Maths","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);
        Assert.True(joined.StatusCode == HttpStatusCode.OK, await Json.Describe(joined)); // the room the widget's state is set in

        var noGroups = await teacher.PutAsync("/api/v1/rooms/room-1/groups/states/1",
            new StringContent("""{"groups":[]}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var emptyExtra = await teacher.PutAsync("/api/v1/rooms/room-1/widgets/poll",
            new StringContent("""{"state":1,"extra":{}}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var schemas = JsonNode.Parse(await teacher.GetStringAsync(DocumentUrl, Json.Cancel))!["components"]!["schemas"]!;

        Assert.Equal(HttpStatusCode.BadRequest, noGroups.StatusCode);
        Assert.Equal(1, schemas["BreakoutGroupsRequest"]!["properties"]!["groups"]!["minItems"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, emptyExtra.StatusCode);
        Assert.Null(schemas["SetWidgetRequest"]!["properties"]!["extra"]!["minProperties"]);
    }

    /// <summary>
    /// Swagger UI's opening words say with what the gateway calls Agora as the README does: by default its own app token,
    /// which is what a forwarded call carries, not the RTM tokens it mints for clients.
    /// </summary>
    [Fact]
    public async Task TheDocumentSaysTheGatewayCallsAgoraWithItsOwnAppTokenByDefault()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var description = (string)JsonNode.Parse(await client.GetStringAsync(DocumentUrl, Json.Cancel))!["info"]!["description"]!;

        Assert.Contains("its own app token (`Agora:UpstreamCredential=App`, the default)", description);
        Assert.DoesNotContain("mints Agora RTM tokens and forwards each call with them", description);
    }

    /// <summary>No description shows a code reference as its raw name (<c>Gateway.Audit.AuditEntry.Id</c>) where words belong.</summary>
    [Fact]
    public async Task NoDescriptionShowsARawCodeReference()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var document = await client.GetStringAsync(DocumentUrl, Json.Cancel);

        Assert.DoesNotMatch(@"""description"": ?""[^""]*\bGateway\.[A-Z]", document);
        Assert.DoesNotMatch(@"""description"": ?""[^""]*\bClassroom\.Agora\.[A-Z]", document);
    }

    [Fact]
    public async Task TheRoomTypesOfAWebRecordingAreDocumentedAsTheGatewayTakesThem()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Agora:WebRecording:ClassroomUrl", "https://class.school.example/record"));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var taken = new List<int>();
        for (var roomType = -1; roomType <= 12; roomType++)
        {
            var response = await teacher.PutAsync($"/api/v1/rooms/room-1/records/states/1?roomType={roomType}",
                new StringContent("""{"mode":"web"}""", Encoding.UTF8, "application/json"), Json.Cancel);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                taken.Add(roomType);
            }
        }
        var document = JsonNode.Parse(await teacher.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var parameter = document["paths"]!["/api/v1/rooms/{roomUuid}/records/states/{state}"]!["put"]!["parameters"]!.AsArray()
            .Single(p => (string?)p!["name"] == "roomType")!["schema"]!;

        Assert.Equal(taken, parameter["enum"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(taken.Max(), (int)parameter["maximum"]!);
    }

    [Fact]
    public async Task ThePassthroughDocumentsEveryMethodItForwards()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        foreach (var method in Methods)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/records/states/1");
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(request, Json.Cancel)).StatusCode);
        }
        var passthrough = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!["paths"]!["/edu/{path}"]!.AsObject();

        Assert.Equal(Methods.Select(m => m.ToUpperInvariant()), upstream.Requests.Select(r => r.Method));
        Assert.All(Methods, method => Assert.True(passthrough.ContainsKey(method), $"{method.ToUpperInvariant()} /edu/{{path}} is forwarded but not documented"));
    }

    /// <summary>
    /// A method is an operation of the document or a 405: on every path of the document, each method it has no operation for
    /// (HEAD and OPTIONS too, HEAD taken only where a GET's description says so) is refused as the document's opening words
    /// say, a 405 problem with <c>Allow</c> naming exactly the methods the document has for that path. Each value a <c>{state}</c>
    /// lists is a target of its own, taking the methods whose <c>state</c> admits it: <c>…/records/states/1</c> the PUT and the
    /// PATCH of a running recording (routed apart, documented under one path), <c>…/records/states/0</c> the PUT only.
    /// </summary>
    [Fact]
    public async Task EveryMethodAPathHasNoOperationForIsA405ThatNamesTheDocumentedOnes()
    {
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var document = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!;
        // A path's methods: its operations', and HEAD where its GET says that HEAD answers too (the health routes, for load balancers).
        var paths = document["paths"]!.AsObject().Select(p => (Template: p.Key, Methods: p.Value!.AsObject()
            .Where(m => Methods.Contains(m.Key)).Select(m => m.Key.ToUpperInvariant())
            .Concat(((string?)p.Value!["get"]?["description"])?.Contains(HeadAnswers, StringComparison.Ordinal) == true ? ["HEAD"] : [])
            .ToHashSet())).ToList();
        string[] every = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
        var refusals = new List<string>();

        foreach (var (_, target, state) in paths.SelectMany(p => States(p.Template).Select(state => (p.Template, PathArgument().Replace(p.Template,
            m => m.Groups[1].Value switch { "path" => $"apps/{AgoraSandbox.AppId}/v2/rooms/room-1", "state" => state, _ => "id-1" }), state))))
        {
            var documented = paths.Where(p => Matches(p.Template, target)).SelectMany(p => p.Methods.Where(m => Takes(p.Template, m, state))).ToHashSet();
            foreach (var method in every.Where(m => !documented.Contains(m)))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), target);
                using var response = await admin.SendAsync(request, Json.Cancel);
                var allowed = response.Content.Headers.Allow.ToHashSet();
                if (response.StatusCode != HttpStatusCode.MethodNotAllowed || !allowed.SetEquals(documented)
                    || (method != "HEAD" && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    refusals.Add($"{method} {target}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, Allow: "
                        + $"{string.Join(", ", allowed.Order())}; the document has {string.Join(", ", documented.Order())}");
                }
            }
        }

        Assert.Contains("a method a path does not take is answered 405 (with `Allow`)", (string)document["info"]!["description"]!);
        Assert.True(refusals.Count == 0, string.Join("\n", refusals));

        JsonNode? State(string template, string method) => document["paths"]![template]![method.ToLowerInvariant()]?["parameters"]?.AsArray()
            .FirstOrDefault(p => (string?)p!["name"] == "state")?["schema"]?["enum"];
        IEnumerable<string> States(string template) => Methods.SelectMany(m => State(template, m)?.AsArray() ?? []).Select(v => v!.ToJsonString())
            .DefaultIfEmpty("1").Distinct();
        bool Takes(string template, string method, string state) =>
            State(template, method) is not JsonArray values || values.Any(v => v!.ToJsonString() == state);

        // The passthrough's {path} takes the rest of the path, slashes and all.
        static bool Matches(string template, string target) => Regex.IsMatch(target, "^" + PathArgument().Replace(
            Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), m => m.Groups[1].Value == "path" ? ".+" : "[^/]+") + "$");
    }

    /// <summary>
    /// The passthrough forwards a body whatever the method, a GET's too, and holds it to what every body is held to: one
    /// not sent as JSON is refused (415), one too slow too (408), and its GET says so, not only its writes.
    /// </summary>
    [Fact]
    public async Task ThePassthroughsGetDocumentsTheRefusalsOfTheBodyItReads()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Admin().Sign();
        using var admin = gateway.CreateClient(jwt);
        var target = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1";

        using var request = new HttpRequestMessage(HttpMethod.Get, target) { Content = new StringContent("hello", Encoding.UTF8, "text/plain") };
        var notJson = await admin.SendAsync(request, Json.Cancel);
        var tooSlow = await RawHttp.SendStalledAsync(server, "GET", target, jwt, "{", 1024, "Content-Type: application/json");
        var documented = JsonNode.Parse(await admin.GetStringAsync(DocumentUrl, Json.Cancel))!["paths"]!["/edu/{path}"]!["get"]!["responses"]!.AsObject();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.RequestTimeout, tooSlow.Status);
        Assert.Empty(upstream.Requests);
        Assert.True(documented.ContainsKey("415"), $"GET /edu/{{path}} answered 415, which its document does not list ({string.Join(", ", documented.Select(r => r.Key))})");
        Assert.True(documented.ContainsKey("408"), $"GET /edu/{{path}} answered 408, which its document does not list ({string.Join(", ", documented.Select(r => r.Key))})");
    }

    [Fact]
    public async Task EveryWhoLineSaysInWordsWhoMayCall()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();
        var policies = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<IAuthorizeData>()).Select(a => a.Policy).OfType<string>().ToHashSet();

        var response = await client.GetAsync(DocumentUrl, Json.Cancel);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Json.Cancel))!;
        var who = (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where Methods.Contains(operation.Key) && operation.Value!["security"] is not null
            select (Operation: $"{operation.Key.ToUpperInvariant()} {path.Key}",
                Who: WhoLine().Match((string?)operation.Value!["description"] ?? "").Groups[1].Value)).ToDictionary(o => o.Operation, o => o.Who);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Gateway.Identity.GatewayPolicies.UserOrStaff, policies);
        Assert.Contains(Gateway.Identity.GatewayPolicies.Recorder, policies);
        Assert.All(who, o => Assert.True(o.Value.Length > 0 && !o.Value.Split(" and ").Any(policies.Contains), $"{o.Key}: **Who:** {o.Value}."));
        Assert.Contains("the user themself", who["GET /api/v1/rooms/{roomUuid}/users/{userUuid}"], StringComparison.Ordinal);
        Assert.Contains(Gateway.Recordings.WebRecordingUrl.RecorderUid, who["PUT /api/v1/rooms/{roomUuid}/records/ready"], StringComparison.Ordinal);
    }

    /// <summary>Problems the sandbox answers, each beside the example its operation documents for that status.</summary>
    [Fact]
    public async Task TheProblemExamplesLookLikeTheProblemsTheGatewayAnswers()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var document = JsonNode.Parse(await anonymous.GetStringAsync(DocumentUrl, Json.Cancel))!;

        var cases = new (HttpClient Client, string Method, string Path, string Target, Func<HttpContent?> Content, int Status)[]
        {
            (teacher, "post", "/api/v1/rooms/{roomUuid}", "/api/v1/rooms/room-1", () => Json.Body("""{"roomType":99}"""), 400),
            (anonymous, "get", "/api/v1/rooms/{roomUuid}", "/api/v1/rooms/room-1", () => null, 401),
            (teacher, "get", "/api/v1/rooms/{roomUuid}", "/api/v1/rooms/room-2", () => null, 403),
            (admin, "get", "/api/v1/rooms/{roomUuid}", "/api/v1/rooms/no-such-room", () => null, 404),
            (teacher, "post", "/api/v1/rooms/{roomUuid}", "/api/v1/rooms/room-1", () => Json.Body(new string('a', 1024 * 1024 + 1)), 413),
            (teacher, "post", "/api/v1/rooms/{roomUuid}", "/api/v1/rooms/room-1", () => new StringContent("roomName=Physics", Encoding.UTF8, "text/plain"), 415),
        };
        foreach (var (client, method, path, target, content, status) in cases)
        {
            var example = document["paths"]![path]![method]!["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!
                ["content"]!["application/problem+json"]!["example"]!;
            foreach (var accept in new[] { "application/json", "text/csv" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), target) { Content = content() };
                request.Headers.Accept.ParseAdd(accept);
                var response = await client.SendAsync(request, Json.Cancel);
                var problem = await response.ReadJson();

                Assert.Equal(status, (int)response.StatusCode);
                Assert.Equal((string?)example["title"], problem.GetProperty("title").GetString());
                Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("traceId").GetString());
                Assert.Matches(RequestId(), problem.GetProperty("traceId").GetString()!);
                Assert.Matches(RequestId(), (string)example["traceId"]!);
            }
        }
    }

    /// <summary>
    /// Every problem carries each field CONTRACT.md names for the error shape, <c>detail</c> among them, whoever wrote it
    /// (routing, sign-in, a policy, validation, the body's reader, Agora), and the document requires each, never null: a
    /// client generated from it need not guard against a field the gateway always sends.
    /// </summary>
    [Fact]
    public async Task EveryFieldOfTheErrorShapeIsAlwaysSentAndDocumentedAsRequired()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var problem = JsonNode.Parse(await anonymous.GetStringAsync(DocumentUrl, Json.Cancel))!["components"]!["schemas"]!["GatewayProblem"]!;
        string[] fields = ["type", "title", "status", "detail", "traceId", "code", "msg"];

        var answers = new[]
        {
            await anonymous.GetAsync("/nowhere", Json.Cancel),
            await anonymous.DeleteAsync("/api/v1/rtm-token", Json.Cancel),
            await anonymous.GetAsync("/api/v1/rooms/room-1", Json.Cancel),
            await teacher.GetAsync("/api/v1/rooms/room-2", Json.Cancel),
            await teacher.PutAsync("/api/v1/rooms/room-1/states/7", null, Json.Cancel),
            await teacher.PostAsync("/api/v1/rooms/room-1", new StringContent("{", Encoding.UTF8, "application/json"), Json.Cancel),
            await teacher.PostAsync("/api/v1/rooms/room-1", new StringContent("{}", Encoding.UTF8, "text/plain"), Json.Cancel),
            await teacher.GetAsync("/api/v1/rooms/room-1", Json.Cancel),
        };

        Assert.Equal([404, 405, 401, 403, 400, 400, 415, 404], answers.Select(a => (int)a.StatusCode));
        foreach (var answer in answers)
        {
            var body = await answer.ReadJson();
            Assert.All(fields, field => Assert.True(body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null,
                $"{(int)answer.StatusCode} {body.GetRawText()} has no {field}"));
        }
        Assert.All(fields, field =>
        {
            Assert.Contains(field, problem["required"]!.AsArray().Select(n => (string)n!));
            Assert.Null(problem["properties"]![field]!["nullable"]);
        });
    }

    /// <summary>A name of 32 <c>é</c> is 32 characters, within <c>maxLength</c>, and 64 bytes, which the gateway refuses.</summary>
    [Fact]
    public async Task ANameIsDocumentedInTheBytesTheGatewayCounts()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var name = new string('é', 32);

        var created = await teacher.PostAsync("/api/v1/rooms/room-1", Body("roomName", name), Json.Cancel);
        var joined = await teacher.PostAsync("/api/v1/rooms/room-1/join", Body("roomName", name), Json.Cancel);
        var uploaded = await teacher.PutAsync("/api/v1/rooms/room-1/resources/lesson-1", new StringContent(
            $$"""{"resourceName":"{{name}}","size":1,"ext":"pdf","url":"https://files.school.example/a.pdf"}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var schemas = JsonNode.Parse(await teacher.GetStringAsync(DocumentUrl, Json.Cancel))!["components"]!["schemas"]!;

        foreach (var (response, schema, field) in new[] { (created, "CreateRoomRequest", "roomName"), (joined, "JoinRequest", "roomName"), (uploaded, "UploadResourceRequest", "resourceName") })
        {
            var property = schemas[schema]!["properties"]![field]!;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadJson()).GetProperty("errors").TryGetProperty(field, out _), $"{schema}.{field}");
            Assert.True(name.Length <= (int)property["maxLength"]!, $"{schema}.{field}: maxLength");
            Assert.Contains("64 bytes of UTF-8", (string?)property["description"] ?? "", StringComparison.Ordinal);
        }

        static StringContent Body(string field, string value) =>
            new($$"""{"{{field}}":"{{value}}","roomType":4}""", Encoding.UTF8, "application/json");
    }

    /// <summary>An operation called as an admin with ids that pass every rule and its documented body, so it reaches Agora.</summary>
    /// <summary>A call of each operation of the served document that <paramref name="which"/> picks by its path and operation.</summary>
    static async Task<List<(string Operation, string Method, string Target, string? Body, HashSet<string> Documented, HashSet<string> RetryAfterDocumented)>>
        CallsAsync(HttpClient client, Func<string, JsonNode, bool> which)
    {
        var document = JsonNode.Parse(await client.GetStringAsync(DocumentUrl, Json.Cancel))!;
        var schemas = document["components"]!["schemas"]!;
        return (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where Methods.Contains(operation.Key) && which(path.Key, operation.Value!)
            select Call(operation.Key, path.Key, operation.Value!, schemas)).ToList();
    }

    static (string Operation, string Method, string Target, string? Body, HashSet<string> Documented, HashSet<string> RetryAfterDocumented) Call(
        string method, string path, JsonNode operation, JsonNode schemas)
    {
        var target = Regex.Replace(path, @"\{([^}]+)\}", m => m.Groups[1].Value switch
        {
            "path" => $"apps/{AgoraSandbox.AppId}/v2/rooms/room-1",
            "state" => "1",
            "widgetUuid" => "popupQuiz",
            _ => "id-1",
        });
        var json = operation["requestBody"]?["content"]?["application/json"];
        var body = json?["example"] ?? (json?["schema"]?["$ref"] is { } reference ? schemas[((string)reference!).Split('/')[^1]]!["example"] : null);
        var responses = operation["responses"]!.AsObject();
        return ($"{method.ToUpperInvariant()} {path}", method.ToUpperInvariant(), target, body?.ToJsonString() ?? (json is null ? null : "{}"),
            responses.Select(r => r.Key).ToHashSet(), responses.Where(r => r.Value?["headers"]?["Retry-After"] is not null).Select(r => r.Key).ToHashSet());
    }

    /// <summary>The types a schema admits: its own, or those of its <c>oneOf</c> or <c>anyOf</c>.</summary>
    static IEnumerable<string> Types(JsonNode schema) =>
        schema["type"] is { } type ? [(string)type!]
        : (schema["oneOf"] ?? schema["anyOf"])?.AsArray().SelectMany(s => Types(s!)) ?? [];

    [GeneratedRegex(@"\*\*Who:\*\* (.*)\.$")]
    private static partial Regex WhoLine();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathArgument();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RequestId();
}
