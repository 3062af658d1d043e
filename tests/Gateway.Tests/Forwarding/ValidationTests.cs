using System.Net;
using System.Text;
using Gateway.Forwarding;
using Gateway.Security;
using Gateway.Tests.Audit;
using Gateway.Tests.Support;

namespace Gateway.Tests.Forwarding;

/// <summary>Nothing invalid reaches Agora: each case is refused with a 400 problem naming the field, upstream untouched.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, string, string?, string> InvalidRequests() => new()
    {
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":3}""", "roomType" },
        { "POST", "/api/v1/rooms/room-1", """{"roomType":4}""", "roomName" },
        { "POST", "/api/v1/rooms/room-1", "{\"roomName\":\"" + new string('n', 64) + "\",\"roomType\":4}", "roomName" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":"four"}""", "roomType" },
        // Read as Agora is sent it: a number as a number, a field by its own name, each field once.
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":"4"}""", "roomType" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":99,"roomType":4}""", "roomType" },
        // Nor a declared field in another letter case, at any depth, which a reader ignoring case would act on (DeclaredMembers).
        { "POST", "/api/v1/rooms/room-1", """{"ROOMNAME":"x","roomType":4}""", "ROOMNAME" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":4,"RoomType":0}""", "RoomType" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a":1},"Cause":{"by":"plan"}}""", "Cause" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a":1},"Properties":{"b":2}}""", "Properties" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"Duration":60}}""", "dirty.Duration" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","MaxRecordingHour":720}}""", "webRecordConfig.MaxRecordingHour" },
        { "PATCH", "/api/v1/rooms/room-1/records/states/1", """{"webRecordConfig":{"onhold":true,"OnHold":false}}""", "webRecordConfig.OnHold" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","Scale":9}}""", "conversion.Scale" },
        { "POST", "/api/v1/rooms/room-1/join", """{"roomName":"x","roomType":4,"roomProperties":{"Schedule":{"duration":60}}}""", "roomProperties.Schedule" },
        { "PUT", "/api/v1/rooms/room-1/groups/states/1", """{"groups":[{"users":[{"userUuid":"u1"},{"userUuid":"u2","UserUuid":"u3"}]}]}""", "groups[0].users[1].UserUuid" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"extra":{"a":1},"State":1}""", "State" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":"1","duration":600}}""", "dirty.state" },
        // A flag Agora's example writes as text is taken as that text alone: a reader of its own (.NET's ignores case and
        // white space) would pass on a value Agora may read otherwise, or refuse.
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","publishRtmp":" TRUE "}}""", "webRecordConfig.publishRtmp" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","publishRtmp":"False"}}""", "webRecordConfig.publishRtmp" },
        // An optional field is left out, never sent as null, which would reach Agora as it came (NullFields).
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":4,"roleConfig":null}""", "roleConfig" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":4,"roomProperties":{"schedule":{"duration":null}}}""", "roomProperties.schedule.duration" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":null}""", "dirty" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a":1},"cause":null}""", "cause" },
        { "PUT", "/api/v1/rooms/room-1/resources/r9", """{"resourceName":null,"size":1,"ext":"pdf","url":"https://files.example/a.pdf"}""", "resourceName" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"extra":null}""", "extra" },
        { "POST", "/api/v1/rooms/room-1/join", """{"roomName":null}""", "roomName" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x",""", "body" },
        { "POST", "/api/v1/rooms/room-1", null, "body" },
        { "POST", "/api/v1/rooms/" + new string('r', 64), """{"roomName":"x","roomType":4}""", "roomUuid" },
        { "POST", "/api/v1/rooms/room%2A1", """{"roomName":"x","roomType":4}""", "roomUuid" },
        { "PUT", "/api/v1/rooms/room-1/states/3", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/states/-1", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/states/abc", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/states/01", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/records/states/00", null, "state" },
        { "POST", "/api/v1/rooms/room-1/users/u%2F1/exit", null, "userUuid" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":2,"duration":60}}""", "dirty.state" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":31536001}}""", "dirty.duration" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":-5}}""", "dirty.duration" },
        { "PUT", "/api/v1/rooms/room-1/records/states/2", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"mp3"}""", "mode" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{}}""", "webRecordConfig.url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoBitrate":49}}""", "webRecordConfig.videoBitrate" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoFps":61}}""", "webRecordConfig.videoFps" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","audioProfile":3}}""", "webRecordConfig.audioProfile" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":479}}""", "webRecordConfig.videoWidth" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":1280,"videoHeight":960}}""", "webRecordConfig.videoHeight" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","maxRecordingHour":721}}""", "webRecordConfig.maxRecordingHour" },
        { "GET", "/api/v1/rooms/room-1/sequences?cmd=abc", null, "cmd" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"exe","url":"https://files.example/a.exe"}""", "ext" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","ext":"pdf","url":"https://files.example/a.pdf"}""", "size" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf"}""", "url" },
        // A URL is refused unless the text sent is one: Agora is sent the text, not the URL the check would make of it
        // (Uri trims surrounding white space and escapes a control character).
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"size":10,"ext":"pdf","url":" https://f.example/a.pdf"}""", "url" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"size":10,"ext":"pdf","url":"https://f.example/a.pdf\n"}""", "url" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"size":10,"ext":"pdf","url":"https://f.example/a\u0000.pdf"}""", "url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c\r\nX: 1"}}""", "webRecordConfig.url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"rootUrl":"\thttps://school.example/c"}}""", "webRecordConfig.rootUrl" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"dynamic"}}""", "conversion.type" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pptx","url":"https://f.example/a.pptx","conversion":{"type":"dynamic","scale":2}}""", "conversion.scale" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","scale":3.1}}""", "conversion.scale" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","outputFormat":"gif"}}""", "conversion.outputFormat" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","preview":true}}""", "conversion.preview" },
        { "DELETE", "/api/v1/rooms/room-1/resources", """{"resourceUuid":[]}""", "resourceUuid" },
        { "DELETE", "/api/v1/rooms/room-1/resources", null, "body" },
        { "DELETE", "/api/v1/rooms/room-1/resources", """[1,2]""", "body" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{}""", "properties" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{}}""", "properties" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a..b":1}}""", "properties.a..b" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a":1},"cause":"why"}""", "cause" },
        { "PUT", "/api/v1/rooms/room-1/properties", null, "body" },
        { "DELETE", "/api/v1/rooms/room-1/properties", """{"properties":[]}""", "properties" },
        { "DELETE", "/api/v1/rooms/room-1/properties", """{"properties":["a."]}""", "properties[0]" },
        { "PUT", "/api/v1/rooms/room-1/groups/states/2", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/groups/states/1", null, "groups" },
        { "PUT", "/api/v1/rooms/room-1/groups/states/1", """{"groups":[{"users":[{"userUuid":"u1"}]},{"users":[{"userUuid":"u1"}]}]}""", "groups[1].users[0].userUuid" },
        { "PUT", "/api/v1/rooms/room-1/groups/states/1", """{"groups":[{"groupUuid":"g/1","users":[]}]}""", "groups[0].groupUuid" },
        { "PUT", "/api/v1/rooms/room-1/groups/states/1", """{"groups":[{"groupName":"g"}]}""", "groups[0].users" },
        { "PATCH", "/api/v1/rooms/room-1/records/states/1", """{}""", "webRecordConfig" },
        { "PATCH", "/api/v1/rooms/room-1/records/states/1", """{"webRecordConfig":{"videoFps":30}}""", "webRecordConfig.onhold" },
        { "PATCH", "/api/v1/rooms/room-1/records/states/1", """{"webRecordConfig":{"onhold":true,"videoBitrate":9000}}""", "webRecordConfig.videoBitrate" },
        { "PUT", "/api/v1/rooms/room-1/users/u1/properties", """{"properties":{"":1}}""", "properties." },
        { "DELETE", "/api/v1/rooms/room-1/users/u1/properties", """{}""", "properties" },
        { "GET", "/api/v1/rooms/room-1/users/u%2F1", null, "userUuid" },
        { "GET", "/api/v1/rooms/room-1/widgets/popupQuiz/sequences?count=0", null, "count" },
        { "GET", "/api/v1/rooms/room-1/widgets/poll/sequences?count=101", null, "count" },
        { "GET", "/api/v1/rooms/room-1/widgets/w1/sequences?count=ten", null, "count" },
        { "GET", "/api/v1/rooms/room-1/widgets/w%2A1/sequences", null, "widgetUuid" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{}""", "body" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"extra":{},"cause":{"why":"nothing"}}""", "body" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"state":2}""", "state" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"ownerUserUuid":"a/b"}""", "ownerUserUuid" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"extra":{".a":1}}""", "extra..a" },
        { "DELETE", "/api/v1/rooms/room-1/widgets/w1", """{"cause":[1]}""", "cause" },
        { "DELETE", "/api/v1/rooms/room-1/widgets/w1/extra", """{"extra":[]}""", "extra" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1/users/u1", """{}""", "extra" },
        { "DELETE", "/api/v1/rooms/room-1/widgets/w1/users/u1", """{"extra":["a.."]}""", "extra[0]" },
        // A page left out is left out: one sent empty or blank would reach Agora as sent, in either mode.
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":""}}""", "webRecordConfig.url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"  ","rootUrl":"https://school.example/c"}}""", "webRecordConfig.url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"webRecordConfig":{"url":""}}""", "webRecordConfig.url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","rootUrl":" "}}""", "webRecordConfig.rootUrl" },
        // A number is written as Agora writes it, and an event page's nextId is the sequence number a page gave.
        { "GET", "/api/v1/rooms/room-1/sequences?cmd=007", null, "cmd" },
        { "GET", "/api/v1/rooms/room-1/sequences?nextId=abc", null, "nextId" },
        { "GET", "/api/v1/rooms/room-1/sequences?nextId=007", null, "nextId" },
        { "GET", "/api/v1/rooms/room-1/sequences?nextId=-1", null, "nextId" },
        { "GET", "/api/v1/rooms/room-1/widgets/poll/sequences?count=010", null, "count" },
        { "GET", "/api/v1/rooms/room-1/widgets/w1/sequences?nextId=x1", null, "nextId" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":004}""", "body" },
        // Keys naming one property twice, or a property inside one the body sets too: the outcome would be the order applied.
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a":1,"a.b":2}}""", "properties.a.b" },
        { "PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"a.b":2,"a":{"b":1}}}""", "properties.a.b" },
        { "PUT", "/api/v1/rooms/room-1/users/u1/properties", """{"properties":{"x.y":1,"x.y.z":2}}""", "properties.x.y.z" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1", """{"extra":{"q":1,"q.open":true}}""", "extra.q.open" },
        { "PUT", "/api/v1/rooms/room-1/widgets/w1/users/u1", """{"extra":{"q":1,"q.open":true}}""", "extra.q.open" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task RefusesInvalidInputBeforeItReachesAgora(string method, string path, string? body, string field)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors lack {field}: {errors}");
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// A body in another media type than JSON is refused with 415 only once the caller is signed in and allowed: a
    /// stranger gets 401, a member without the role 403, as with any body; and the refusal is audited under its route.
    /// </summary>
    [Fact]
    public async Task AnotherMediaTypeIsRefusedAfterSignInAndPolicies()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var anonymous = gateway.CreateClient();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        const string Path = "/api/v1/rooms/room-1/properties";
        const string Body = """{"properties":{"topic":"Optics"}}""";
        Task<HttpResponseMessage> Put(HttpClient client, string mediaType) =>
            client.PutAsync(Path, new StringContent(Body, Encoding.UTF8, mediaType), Json.Cancel);

        var stranger = await Put(anonymous, "text/plain");
        var member = await Put(student, "text/plain");
        var refused = await Put(teacher, "text/plain");
        var json = await Put(teacher, "application/json");
        var entries = await admin.WaitForAuditAsync(3, "?roomUuid=room-1");

        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        var problem = await refused.ReadJson();
        Assert.Equal(415, problem.GetProperty("code").GetInt32());
        Assert.Equal(ClientBody.NotJson, problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Single(upstream.Requests);
        var refusal = Assert.Single(entries, entry => entry.GetProperty("status").GetInt32() == 415);
        Assert.Equal(Assert.Single(entries, entry => entry.GetProperty("status").GetInt32() == 200).Action(), refusal.Action());
    }

    /// <summary>
    /// A body in a content coding (RFC 9110 §15.5.16) is refused with 415 and <c>Accept-Encoding: identity</c>, on a
    /// route and through the passthrough, not read as malformed JSON; sent as it is, with <c>identity</c> named or not,
    /// it goes on.
    /// </summary>
    [Theory]
    [InlineData("gzip", false)]
    [InlineData("br", false)]
    [InlineData("identity, gzip", false)]
    [InlineData("identity", true)]
    public async Task ABodyInAContentCodingIsRefusedWith415(string coding, bool forwarded)
    {
        var json = Encoding.UTF8.GetBytes("""{"properties":{"topic":"Optics"}}""");
        HttpContent Body()
        {
            var bytes = json;
            if (!forwarded)
            {
                using var compressed = new MemoryStream();
                using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(json);
                }
                bytes = compressed.ToArray();
            }
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/json");
            content.Headers.TryAddWithoutValidation("Content-Encoding", coding);
            return content;
        }

        var (answers, reachedAgora) = await PutOnARouteAndThroughThePassthroughAsync(Body);

        foreach (var response in answers)
        {
            Assert.Equal(forwarded ? HttpStatusCode.OK : HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            if (!forwarded)
            {
                Assert.Equal("identity", response.Headers.TryGetValues("Accept-Encoding", out var accepted) ? string.Join(",", accepted) : null);
                Assert.Equal(ClientBody.Coded, (await response.ReadJson()).GetProperty("detail").GetString());
            }
        }
        Assert.Equal(forwarded ? 2 : 0, reachedAgora);
    }

    /// <summary>
    /// The same body put on a route (room properties, by a teacher) and through the passthrough (by an admin) of one
    /// gateway: both answers, and how many of the two calls reached Agora.
    /// </summary>
    static async Task<(HttpResponseMessage[] Answers, int ReachedAgora)> PutOnARouteAndThroughThePassthroughAsync(Func<HttpContent> body)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var routed = await teacher.PutAsync("/api/v1/rooms/room-1/properties", body(), Json.Cancel);
        var passedThrough = await admin.PutAsync($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/properties", body(), Json.Cancel);
        return ([routed, passedThrough], upstream.Requests.Count);
    }

    /// <summary>
    /// ASP.NET Core joins a repeated query parameter's values with commas: <c>nextId=1&amp;nextId=2</c> would reach Agora as
    /// <c>nextId=1,2</c>, which no one sent, and an audit filter would look for the id <c>r1,r1</c>. A parameter the route
    /// does not read is dropped, repeated or not.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/records?nextId=1&nextId=2", "nextId")]
    [InlineData("/api/v1/rooms/room-1/sequences?nextId=1&cmd=20&nextId=2", "nextId")]
    [InlineData("/api/v1/rooms/room-1/widgets/poll/sequences?nextId=a&nextId=a", "nextId")]
    [InlineData("/api/v1/audit?roomUuid=room-1&roomUuid=room-1", "roomUuid")]
    [InlineData("/api/v1/audit?userId=u1&userId=u2", "userId")]
    [InlineData("/api/v1/rooms/room-1/sequences?unread=1&unread=2", null)]
    public async Task AQueryParameterARouteReadsMustBeGivenOnce(string target, string? refused)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var response = await admin.GetAsync(target, Json.Cancel);

        if (refused is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.EndsWith("/v2/rooms/room-1/sequences", Assert.Single(upstream.Requests).RawTarget);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJson()).GetProperty("errors");
        Assert.Equal(RequestTargetFilter.OnceRule, Assert.Single(errors.GetProperty(refused).EnumerateArray()).GetString());
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// A query parameter given empty is as one not given, on every route alike: CONTRACT.md writes the routes
    /// <c>?after=&amp;limit=</c>, and a client filling such a template leaves what it has not got empty. An empty
    /// <c>after</c> or <c>nextId</c> was taken as absent while an empty <c>limit</c>, <c>cmd</c>, <c>count</c>, audit filter
    /// or <c>language</c> was a 400.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/events?after=&limit=", null)]
    [InlineData("/api/v1/audit?after=&limit=&roomUuid=&userId=", null)]
    [InlineData("/api/v1/rooms/room-1/sequences?nextId=&cmd=", "/v2/rooms/room-1/sequences")]
    [InlineData("/api/v1/rooms/room-1/widgets/poll/sequences?nextId=&count=", "/v2/rooms/room-1/widgets/poll/sequences")]
    [InlineData("/api/v1/rooms/room-1/records?nextId=", "/v2/rooms/room-1/records")]
    public async Task AnEmptyQueryParameterIsAsOneNotGiven(string target, string? forwarded)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var response = await admin.GetAsync(target, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (forwarded is not null)
        {
            Assert.EndsWith(forwarded, Assert.Single(upstream.Requests).RawTarget);
        }
    }

    /// <summary>The join's <c>language</c> given empty is the default, English, as not given.</summary>
    [Fact]
    public async Task AnEmptyLanguageIsTheDefault()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await teacher.PostAsync("/api/v1/rooms/room-1", new StringContent("""{"roomName":"Room","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);

        var join = await teacher.PostAsync("/api/v1/rooms/room-1/join?language=", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        Assert.Equal("en", (await join.ReadJson()).GetProperty("data").GetProperty("language").GetString());
    }

    /// <summary>
    /// Kestrel keeps an escape it cannot decode as text, so <c>x%FFy</c> would name the room that <c>x%25FFy</c> spells, and
    /// reach Agora as that. Sent on a socket: a client library may mend the target first.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/x%FFy/sequences", "path")]
    [InlineData("/api/v1/rooms/x%C3y/sequences", "path")]
    [InlineData("/api/v1/rooms/x%G1y/sequences", "path")]
    [InlineData("/api/v1/rooms/room-1/users/u%/properties", "path")]
    [InlineData("/api/v1/rooms/room-1/sequences?nextId=%FF", "query")]
    [InlineData("/api/v1/audit?userId=a%E2%82", "query")]
    [InlineData("/api/v1/rooms/x%25FFy/sequences", null)]
    [InlineData("/api/v1/rooms/a%20b%23c/records?nextId=%C3%A9", null)]
    public async Task AnEscapeThatDecodesToNoTextIsRefused(string target, string? refused)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, target.Contains("/properties") ? "DELETE" : "GET", target, TestJwt.Admin().Sign());

        if (refused is null)
        {
            Assert.NotEqual(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal(target, Assert.Single(upstream.Requests).RawTarget.Replace($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2", "/api/v1"));
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains($"\"{refused}\":[\"{RequestTargetFilter.EscapeRule}\"]", answer.Body);
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// The server resolves a path's dot segments, escaped too, before routing: <c>…/rooms/%2E/join</c> would reach the route
    /// of <c>…/rooms/join</c> (a room called "join"), and <c>…/users/%2E%2E/properties</c> set the room's properties rather
    /// than a user's. Such a path is refused as written, on every route of the API, and nothing reaches Agora (one that
    /// resolves to no route, or to a route without its method, is routing's 404 or 405). A dot inside an id is no segment
    /// of its own and passes. Sent on a socket: a client library resolves them first.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/rooms/%2E/join", true)]
    [InlineData("PUT", "/api/v1/rooms/room-1/users/%2E%2E/properties", true)]
    [InlineData("PUT", "/api/v1/rooms/room-1/users/u1/../../properties", true)]
    [InlineData("GET", "/api/v1/rooms/room-1/./sequences", true)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources/.%2e", true)]
    [InlineData("GET", "/api/v1/rooms/room.1/sequences", false)]
    [InlineData("GET", "/api/v1/rooms/..room/sequences", false)]
    [InlineData("GET", "/api/v1/rooms/r%2E%2E1/sequences", false)]
    public async Task APathWithADotSegmentIsRefusedAsWritten(string method, string target, bool refused)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, method, target, TestJwt.Admin().Sign());

        if (!refused)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Single(upstream.Requests);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains($"\"path\":[\"{RequestTargetFilter.DotSegmentRule}\"]", answer.Body);
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// The body is checked as UTF-8 and forwarded with the client's <c>Content-Type</c>: a type naming another charset would
    /// have Agora read other text than the gateway checked, so it goes no further.
    /// </summary>
    [Theory]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("application/json; charset=utf-16", false)]
    [InlineData("application/json; charset=latin1; foo=bar", false)]
    // Named twice, the charset is the first to one reader and the last to another; named without a value, none at all.
    [InlineData("application/json; charset=utf-8; charset=iso-8859-1", false)]
    [InlineData("application/json; charset", false)]
    [InlineData("application/json; charset=UTF-8", true)]
    [InlineData("application/json; charset=\"utf-8\"", true)]
    [InlineData("application/json", true)]
    public async Task AJsonBodyInACharsetOtherThanUtf8IsRefused(string contentType, bool forwarded)
    {
        HttpContent Body()
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"properties":{"name":"é"}}"""));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }

        var (answers, reachedAgora) = await PutOnARouteAndThroughThePassthroughAsync(Body);

        foreach (var response in answers)
        {
            Assert.Equal(forwarded ? HttpStatusCode.OK : HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }
        Assert.Equal(forwarded ? 2 : 0, reachedAgora);
        if (!forwarded)
        {
            Assert.Equal(ClientBody.NotJson, (await answers[0].ReadJson()).GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("POST", "/api/v1/rooms/room-1/users/u1/exit", null)]
    [InlineData("POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":600}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/records/states/1", null)]
    [InlineData("PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":1280,"videoHeight":720}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pptx","url":"https://f.example/a.pptx","conversion":{"type":"dynamic","preview":true}}""")]
    [InlineData("DELETE", "/api/v1/rooms/room-1/resources", """{"resourceUuid":["doc-1","doc 2"]}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"flexProps.quiz.open":true,"topic":"Optics"},"cause":{"by":"plan"}}""")]
    [InlineData("DELETE", "/api/v1/rooms/room-1/properties", """{"properties":["flexProps.quiz"]}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/groups/states/1", """{"groups":[{"groupUuid":"g1","groupName":"Group 1","users":[{"userUuid":"u1"}]},{"users":[]}]}""")]
    [InlineData("PATCH", "/api/v1/rooms/room-1/records/states/1", """{"webRecordConfig":{"onhold":false,"videoFps":30}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/users/u1/properties", """{"properties":{"seat":"B4"}}""")]
    // Free-form values hold nulls as data, and a field no model declares travels as it came.
    [InlineData("PUT", "/api/v1/rooms/room-1/users/u1/properties", """{"properties":{"seat":null},"cause":{"by":null}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c"},"later":null}""")]
    [InlineData("DELETE", "/api/v1/rooms/room-1/users/u1/properties", """{"properties":["seat"]}""")]
    // The keys of free-form values are the client's to spell, those of declared fields among them.
    [InlineData("PUT", "/api/v1/rooms/room-1/properties", """{"properties":{"Score":1,"score":2,"Cause":3},"cause":{"By":1,"by":2}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/widgets/w1/users/u1", """{"extra":{"Extra":1,"extra":2}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/widgets/w1", """{"extra":{"q.text":"Why?"},"state":1,"ownerUserUuid":"u1"}""")]
    [InlineData("DELETE", "/api/v1/rooms/room-1/widgets/w1", null)]
    [InlineData("DELETE", "/api/v1/rooms/room-1/widgets/w1/extra", """{"extra":["q.text"]}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/widgets/w1/users/u1", """{"extra":{"answer":"B"}}""")]
    [InlineData("DELETE", "/api/v1/rooms/room-1/widgets/w1/users/u1", """{"extra":["answer"]}""")]
    public async Task ForwardsValidInputUnchanged(string method, string path, string? body)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal(method, received.Method);
        Assert.Equal(body ?? "{}", Encoding.UTF8.GetString(received.Body));
    }

    /// <summary>
    /// Closing groups and stopping a recording take no body, though opening and starting do: what a client sends with
    /// them goes no further, and nothing in it is judged by the rules of the opening or the start.
    /// </summary>
    [Theory]
    [InlineData("groups/states/0", null)]
    [InlineData("groups/states/0", """{"groups":"not groups"}""")]
    [InlineData("records/states/0", null)]
    [InlineData("records/states/0", """{"mode":"mix","webRecordConfig":{"videoFps":1},"extra":1}""")]
    public async Task ClosingGroupsAndStoppingARecordingForwardNoBody(string path, string? body)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync($"/api/v1/rooms/room-1/{path}",
            body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/{path}", received.RawTarget);
        Assert.Empty(received.Body);
    }

    /// <summary>
    /// A body that breaks a rule for each of its many items is answered with a bounded list of the fields: a megabyte of
    /// users written <c>{}</c> breaks the id rule a third of a million times, and an answer naming each would be some
    /// fifty times the request. The first fields are named, and <c>body</c> says there were more.
    /// </summary>
    [Fact]
    public async Task ABodyBreakingARuleForEachOfManyItemsIsAnsweredWithABoundedListOfFields()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var users = string.Join(",", Enumerable.Repeat("{}", (RequestLimits.MaxBodyBytes - 64) / 3));

        var response = await client.PutAsync("/api/v1/rooms/room-1/groups/states/1",
            new StringContent($$"""{"groups":[{"users":[{{users}}]}]}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadAsByteArrayAsync(Json.Cancel);
        Assert.True(answer.Length < 64 * 1024, $"the answer is {answer.Length} bytes");
        var errors = System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("groups[0].users[0].userUuid", out _), $"errors lack the first user: {errors}");
        Assert.Contains("more fields", errors.GetProperty("body")[0].GetString());
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// A key is named once however many rules or other keys it breaks: a key inside several keys the body sets is named
    /// for the outermost, a key of the wrong shape for its shape alone, and a key holding others is not named for them.
    /// </summary>
    [Fact]
    public async Task APropertyKeyRefusedIsNamedOnceWithOneMessage()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/properties", new StringContent(
            """{"properties":{"a":1,"a.b":2,"a.b.c":3,"a.c":4,"a..d":5,"ab":6}}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJson()).GetProperty("errors");
        Assert.Equal(["properties.a..d", "properties.a.b", "properties.a.b.c", "properties.a.c"],
            errors.EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal));
        Assert.All(errors.EnumerateObject(), field => Assert.Equal(1, field.Value.GetArrayLength()));
        Assert.Contains("inside a,", errors.GetProperty("properties.a.b.c")[0].GetString());
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// With the gateway building web recording URLs, a page sent empty is refused, not taken for one left out and replaced
    /// by the built one: the client said which page, and it is none.
    /// </summary>
    [Fact]
    public async Task AnEmptyRecordingPageIsRefusedWhereTheGatewayBuildsOne()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Agora:WebRecording:ClassroomUrl", "https://class.school.example/record"));
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4", new StringContent(
            """{"mode":"web","webRecordConfig":{"url":" "}}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJson()).GetProperty("errors");
        Assert.Equal(["webRecordConfig.url"], errors.EnumerateObject().Select(field => field.Name));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task ARecordingIsUpdatedOnlyAtStateOne()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PatchAsync("/api/v1/rooms/room-1/records/states/0",
            new StringContent("""{"webRecordConfig":{"onhold":true}}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task WidgetPagesForwardTheirCountAndNextId()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Assistant("room-1").Sign());

        var response = await client.GetAsync("/api/v1/rooms/room-1/widgets/popupQuiz/sequences?nextId=7&count=20", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/widgets/popupQuiz/sequences?nextId=7&count=20", received.RawTarget);
    }
}
