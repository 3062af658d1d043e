using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Tests.Support;

namespace Gateway.Tests.Forwarding;

/// <summary>Forwarding, with each <c>Agora:UpstreamCredential</c>: the gateway's app token, and the caller's RTM token.</summary>
public abstract class ForwardingTests(UpstreamCredential credential)
{
    public sealed class WithTheAppToken() : ForwardingTests(UpstreamCredential.App);

    public sealed class AsTheCaller() : ForwardingTests(UpstreamCredential.Caller);

    GatewayFactory InFrontOf(Uri upstream, params (string Key, string? Value)[] settings) =>
        GatewayFactory.InFrontOf(upstream, [UpstreamCredentialAssert.SettingFor(credential), .. settings]);

    const string CreateRoomJson = """{"roomName":"Algebra 1","roomType":4,"roomProperties":{"schedule":{"startTime":1700000000000,"duration":3600,"closeDelay":300}}}""";

    [Theory]
    [InlineData("X-Hop")]
    [InlineData("keep-alive", "X-Hop")]
    [InlineData("X-Hop", "close")]
    [InlineData("Upgrade", "X-Hop")]
    public async Task ForwardsWithTheGatewaysAgoraCredentialsAndNoneOfTheClients(params string[] connection)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        var jwt = TestJwt.Teacher("room-1").Sign();
        using var client = gateway.CreateClient(jwt);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rooms/room-1") { Content = Json.Body(CreateRoomJson) };
        request.Headers.Add("x-agora-token", "007forged");
        request.Headers.Add("x-agora-uid", "someone-else");
        request.Headers.Add("X-Agora-Extra", "smuggled");
        request.Headers.Add("Cookie", "session=secret");
        // A header the client names in Connection is hop-by-hop (RFC 9110 7.6.1): it ends at the gateway, whatever else
        // Connection names; so do the client's own headers, and only end-to-end ones Agora may use go on.
        WithEndToEndHeaders(request, connection);
        request.Headers.Add("X-Hop", "1");
        request.Headers.Add("X-Client-Own", "2");

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("POST", received.Method);
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1", received.RawTarget);
        UpstreamCredentialAssert.CarriesTheGatewaysCredential(received.Header, credential, "teacher-1");
        Assert.Null(received.Header("cookie"));
        Assert.Null(received.Header("x-agora-extra"));
        Assert.Null(received.Header("x-hop"));
        Assert.Null(received.Header("x-client-own"));
        Assert.Equal(("zh", "application/json", "school-app/2.1"), (received.Header("accept-language"), received.Header("accept"), received.Header("user-agent")));
        Assert.DoesNotContain(received.Headers.Values, value => value.Contains(jwt, StringComparison.Ordinal) || value.Contains("007forged", StringComparison.Ordinal));
        Assert.Equal(CreateRoomJson, Encoding.UTF8.GetString(received.Body));
    }

    /// <summary>The end-to-end headers Agora may be sent, and <c>Connection</c> naming <paramref name="connection"/>.</summary>
    static void WithEndToEndHeaders(HttpRequestMessage request, string[] connection)
    {
        foreach (var option in connection)
        {
            request.Headers.Connection.Add(option);
        }
        request.Headers.AcceptLanguage.ParseAdd("zh");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("school-app/2.1");
    }

    /// <summary>
    /// The gateway's calls to Agora, forwarded or its own (the join's room query), follow no redirect and keep no cookie:
    /// a redirect elsewhere reaches nobody there and is a 502 problem, its address not passed on, and a cookie Agora set
    /// never goes back to it.
    /// </summary>
    [Fact]
    public async Task CallsToAgoraFollowNoRedirectAndKeepNoCookie()
    {
        await using var elsewhere = await RecordingUpstream.StartAsync();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            context.Response.Headers.Location = new Uri(elsewhere.BaseUrl, context.Request.Path).ToString();
            context.Response.Headers.SetCookie = "agora-session=1; Path=/";
            return RecordingUpstream.Reply(context, 302, "");
        };
        // Six failed calls in a row: the breaker stays closed for them.
        await using var gateway = InFrontOf(upstream.BaseUrl, ("CircuitBreaker:MinimumThroughput", "100"));
        using var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());

        using var admin = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());

        var answers = new List<HttpResponseMessage>();
        for (var call = 0; call < 2; call++)
        {
            answers.Add(await client.GetAsync("/api/v1/rooms/room-1/sequences", Json.Cancel));
            answers.Add(await client.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel));
            answers.Add(await admin.GetAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/records", Json.Cancel));
        }

        Assert.Contains(upstream.Requests, r => r.RawTarget.EndsWith("/sequences", StringComparison.Ordinal));
        Assert.Contains(upstream.Requests, r => r.RawTarget.EndsWith("/rooms/room-1", StringComparison.Ordinal));
        Assert.Equal(6, upstream.Requests.Count);
        Assert.All(upstream.Requests, r => Assert.Null(r.Header("cookie")));
        Assert.Empty(elsewhere.Requests);
        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Null(answer.Headers.Location);
        });
    }

    /// <summary>
    /// Kestrel keeps only <c>close</c> (or <c>keep-alive</c>, <c>upgrade</c>) of a <c>Connection</c> that names it: the
    /// header named beside it, unreadable there, still ends at the gateway.
    /// </summary>
    [Theory]
    [InlineData("close, X-Hop")]
    [InlineData("X-Hop, close")]
    public async Task AHeaderNamedInConnectionBesideCloseEndsAtTheGateway(string connection)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, "GET", "/api/v1/rooms/room-1/sequences", TestJwt.Teacher("room-1").Sign(),
            connection, "X-Hop: 1");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Null(Assert.Single(upstream.Requests).Header("x-hop"));
    }

    /// <summary>
    /// A header the client names in <c>Connection</c> is hop-by-hop whatever its name (RFC 9110 7.6.1): one Agora would
    /// otherwise be sent, as <c>Accept-Language</c> or <c>User-Agent</c>, ends at the gateway too, over Kestrel, which
    /// keeps such a <c>Connection</c> as it came. Those not named go on.
    /// </summary>
    [Theory]
    [InlineData("Accept-Language")]
    [InlineData("User-Agent", "Accept-Language")]
    [InlineData("accept-language", "X-Hop")]
    public async Task AnEndToEndHeaderTheClientNamesInConnectionEndsAtTheGateway(params string[] connection)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/users/u1");
        request.Headers.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        WithEndToEndHeaders(request, connection);

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Null(received.Header("accept-language"));
        Assert.Equal(connection.Contains("User-Agent") ? null : "school-app/2.1", received.Header("user-agent"));
        Assert.Equal("application/json", received.Header("accept"));
    }

    /// <summary>
    /// A client asking to switch protocols (<c>Connection: Upgrade</c>, <c>Upgrade: websocket</c> or <c>SPDY/3.1</c>) is
    /// answered in HTTP, as a server may (RFC 9110 7.8): Agora is sent the call as it was checked and audited, without the
    /// hop-by-hop headers. Taken for a WebSocket, the call went out as a <c>GET</c> carrying them (as an HTTP/2
    /// <c>CONNECT</c> at an https Agora), whatever its method: a kick or a widget's removal reached Agora as a read.
    /// </summary>
    [Theory]
    [InlineData("DELETE", "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1/widgets/w1", "admin", "websocket")]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", "teacher", "websocket")]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", "teacher", "SPDY/3.1")]
    [InlineData("GET", "/api/v1/rooms/room-1/users/u1", "teacher", "websocket")]
    public async Task ARequestToSwitchProtocolsGoesOnAsTheCallItIs(string method, string path, string caller, string protocol)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        var jwt = caller == "admin" ? TestJwt.Admin().Sign() : TestJwt.Teacher("room-1").Sign();

        var answer = await RawHttp.SendAsync(server, method, path, jwt, "Upgrade, close",
            $"Upgrade: {protocol}", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal(method, received.Method);
        Assert.Null(received.Header("upgrade"));
        Assert.Null(received.Header("connection"));
        Assert.Null(received.Header("sec-websocket-key"));
    }

    [Theory]
    [InlineData("room #1?x%y", "room%20%231%3Fx%25y")]
    [InlineData("a+b&c=d;e:f@g", "a%2Bb%26c%3Dd%3Be%3Af%40g")]
    [InlineData("[x]{y}|z~", "%5Bx%5D%7By%7D%7Cz~")]
    public async Task EncodesEveryIdSegmentOnTheWayUp(string roomUuid, string encoded)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher(roomUuid).Sign());

        var response = await client.PutAsync($"/api/v1/rooms/{Uri.EscapeDataString(roomUuid)}/states/1", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/{encoded}/states/1", Assert.Single(upstream.Requests).RawTarget);
    }

    [Theory]
    [InlineData("poll")]
    [InlineData("Poll")]
    [InlineData("POLL")]
    [InlineData("popupQuiz")]
    [InlineData("popupquiz")]
    [InlineData("PopupQuiz")]
    public async Task AWidgetsEventsAreAskedOfAgoraForTheWidgetAsSpelled(string widgetUuid)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.GetAsync($"/api/v1/rooms/room-1/widgets/{widgetUuid}/sequences?count=5", Json.Cancel);

        // Ids are case-sensitive: the widget Poll is not the poll, whose route a path in any case matches.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/widgets/{widgetUuid}/sequences?count=5", Assert.Single(upstream.Requests).RawTarget);
    }

    [Fact]
    public async Task PrefixesTheConfiguredRegion()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl, ("Agora:Region", "eu"));
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal($"/eu/edu/apps/{AgoraSandbox.AppId}/v1/rooms/room-1/resources", Assert.Single(upstream.Requests).RawTarget);
    }

    [Fact]
    public async Task PassesSuccessBodiesThroughByteForByte()
    {
        const string body = """{"code":0,"msg":"Success","ts":1700000000000,"data":[{"resourceUuid":"r 1","ext":"pdf","size":12.5,"x":"\u00e9"}]}""";
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 200, body);
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var response = await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Json.Cancel));
    }

    [Theory]
    [InlineData(409, "application/json", """{"code":30409100,"msg":"class already started","ts":1}""", 30409100, "class already started")]
    [InlineData(404, "application/json", """{"code":20404100,"msg":"room not found","ts":1}""", 20404100, "room not found")]
    [InlineData(401, "application/json", """{"message":"invalid token"}""", 401, "invalid token")]
    [InlineData(500, "text/html", "<html><body>Internal <b>error</b> at node-7</body></html>", 500, null)]
    [InlineData(503, "text/plain", "upstream overloaded", 503, null)]
    public async Task TurnsEveryUpstreamErrorShapeIntoAProblemKeepingStatusAndCode(int status, string type, string body, int code, string? msg)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, status, body, type);
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetInt32());
        if (msg is not null)
        {
            Assert.Equal(msg, problem.GetProperty("msg").GetString());
        }
        Assert.DoesNotContain("<html>", problem.GetRawText());
        Assert.DoesNotContain("node-7", problem.GetRawText());
        Assert.DoesNotContain("overloaded", problem.GetRawText());
        // A 401 carries a challenge, as RFC 9110 asks of every 401, Agora's kept ones too: the gateway's own scheme.
        Assert.Equal(status == 401 ? ["Bearer"] : [], response.Headers.WwwAuthenticate.Select(challenge => challenge.ToString()));
    }

    /// <summary>
    /// A success that cannot be Agora's envelope (a proxy's HTML page, no body however framed, JSON that is not an object
    /// with <c>code</c> 0, a 204, which Agora never answers) is not passed on as a success the document says is the JSON
    /// envelope: the client would take a write that was not done for one that was. It is the 502 problem of an answer the
    /// gateway cannot use, on a route, a cached read and the passthrough; a <c>code</c> other than 0 is named as its code.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 200, "text/html", "<html><body>Sign in to the network</body></html>", true, 502)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", 200, "text/html", "<html><body>Sign in to the network</body></html>", true, 502)]
    [InlineData("PUT", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/states/1", 200, "text/plain", "maintenance", true, 502)]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 200, "application/json", "", true, 502)]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 200, "application/json", "", false, 502)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", 200, "application/json", "", false, 502)]
    [InlineData("PUT", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/states/1", 200, "application/json", "  ", false, 502)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", 200, "application/json", "[]", false, 502)]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 200, "application/json", "\"ok\"", true, 502)]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 200, "application/json", "{}", false, 502)]
    [InlineData("PUT", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/states/1", 200, "application/json", "{\"msg\":\"Success\",\"data\":{\"a\":[1,2]}}", true, 502)]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 200, "application/json", "{\"code\":\"0\",\"msg\":\"Success\"}", false, 502)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", 200, "application/json", "{\"msg\":\"Success\",\"code\":30409100,\"data\":[]}", false, 30409100)]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", 204, "application/json", "", false, 502)]
    [InlineData("PUT", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/states/1", 204, "application/json", "", false, 502)]
    public async Task ASuccessThatIsNotAgorasEnvelopeIsABadGateway(string method, string path, int status, string type, string body,
        bool declaresLength, int code)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            if (declaresLength)
            {
                context.Response.ContentLength = body.Length;
            }
            await RecordingUpstream.Reply(context, status, body, type);
            if (!declaresLength && status != 204)
            {
                // Chunked, even when empty: Kestrel says Content-Length: 0 of an answer with no body that never started.
                await context.Response.StartAsync();
            }
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "room-1" }.Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(code, problem.GetProperty("code").GetInt32());
        Assert.DoesNotContain("Sign in", problem.GetRawText());
        Assert.NotEmpty(upstream.Requests);
    }

    /// <summary>
    /// The envelope is judged by its first bytes, and the answer then streams on whole: a list far longer than what is
    /// read first, compressed for the client or not, chunked or of a stated length, reaches it byte for byte; so does an
    /// envelope whose <c>code</c> comes only after what is read first, which is passed on unjudged.
    /// </summary>
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(false, false, true)]
    public async Task ASuccessJudgedByItsStartReachesTheClientWhole(bool compressed, bool declaresLength, bool codeLast)
    {
        var resources = string.Join(",", Enumerable.Range(0, 400).Select(i => $$"""{"resourceUuid":"r{{i}}","ext":"pdf","size":{{i}}}"""));
        var json = codeLast
            ? $$"""{"msg":"Success","ts":1,"data":[{{resources}}],"code":0}"""
            : $$"""{"code":0,"msg":"Success","ts":1,"data":[{{resources}}]}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        if (compressed)
        {
            bytes = ((MemoryStream)Compressed(new MemoryStream(bytes), "gzip")).ToArray();
        }
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            if (compressed)
            {
                context.Response.Headers.ContentEncoding = "gzip";
            }
            if (declaresLength)
            {
                context.Response.ContentLength = bytes.Length;
            }
            // In pieces, as a long answer comes.
            foreach (var piece in bytes.Chunk(1000))
            {
                await context.Response.Body.WriteAsync(piece, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/sequences");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Json.Cancel));
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Json.Cancel));
    }

    /// <summary>
    /// A browser sends <c>Accept-Encoding</c>, which goes on to Agora: an error Agora compressed for it keeps its business
    /// code and message, on a route and on the passthrough.
    /// </summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData("gzip, br")]
    public async Task AnErrorAgoraCompressedKeepsItsCodeAndMessage(string codings)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            var body = (Stream)new MemoryStream(Encoding.UTF8.GetBytes("""{"code":20404100,"msg":"classroom does not exist","ts":1}"""));
            foreach (var coding in codings.Split(", "))
            {
                body = Compressed(body, coding);
            }
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = codings;
            return body.CopyToAsync(context.Response.Body, context.RequestAborted);
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        foreach (var (client, path) in new[] { (teacher, "/api/v1/rooms/room-1/users/u1/exit"), (admin, $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/users/u1/exit") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body("{}") };
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
            var response = await client.SendAsync(request, Json.Cancel);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.ReadJson();
            Assert.Equal(20404100, problem.GetProperty("code").GetInt32());
            Assert.Equal("classroom does not exist", problem.GetProperty("msg").GetString());
        }
        Assert.All(upstream.Requests, received => Assert.Equal("gzip, deflate, br", received.Header("accept-encoding")));
    }

    /// <summary>
    /// A body Agora compressed for the client goes on as it came, with its <c>Content-Encoding</c>: the gateway's client
    /// to Agora decompresses nothing, so a forwarded read is neither inflated nor sent on larger than Agora sent it.
    /// </summary>
    [Fact]
    public async Task ABodyAgoraCompressedReachesTheClientAsItCame()
    {
        var plain = """{"code":0,"msg":"Success","ts":1,"data":{"total":0,"list":[],"nextId":null}}"""u8.ToArray();
        var gzipped = ((MemoryStream)Compressed(new MemoryStream(plain), "gzip")).ToArray();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            return context.Response.Body.WriteAsync(gzipped, context.RequestAborted).AsTask();
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/sequences");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");

        var response = await teacher.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(gzipped, await response.Content.ReadAsByteArrayAsync(Json.Cancel));
    }

    /// <summary>
    /// A UTF-8 byte order mark before the envelope, which RFC 8259 lets a reader ignore and every JSON reader of the
    /// client's and of the gateway's own (the join's, a cached list's) does, is still the envelope: the answer reaches the
    /// client byte for byte, however its first bytes come, on a route, a cached read and the passthrough.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/sequences", 1000)]
    [InlineData("/api/v1/rooms/room-1/sequences", 1)]
    [InlineData("/api/v1/rooms/room-1/resources", 2)]
    [InlineData($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/sequences", 1000)]
    public async Task AnEnvelopeAfterAByteOrderMarkReachesTheClientWhole(string path, int piece)
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. """{"code":0,"msg":"Success","ts":1,"data":[]}"""u8];
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            foreach (var part in bytes.Chunk(piece))
            {
                await context.Response.Body.WriteAsync(part, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var response = await admin.GetAsync(path, Json.Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Json.Cancel));
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Json.Cancel));
    }

    static Stream Compressed(Stream plain, string coding)
    {
        var compressed = new MemoryStream();
        using (var encoder = coding switch
        {
            "gzip" => (Stream)new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(compressed, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            plain.CopyTo(encoder);
        }
        compressed.Position = 0;
        return compressed;
    }

    /// <summary>An error body whose <c>code</c> is not a whole number is not Agora's: its status is kept, as for any other.</summary>
    [Theory]
    [InlineData("""{"code":"30409100","msg":"class already started"}""")]
    [InlineData("""{"code":null}""")]
    [InlineData("""{"code":1e30}""")]
    [InlineData("""{"code":{"value":1}}""")]
    public async Task AnErrorWhoseCodeIsNotANumberKeepsItsStatus(string body)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 409, body);
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var forwarded = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var asked = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        foreach (var response in new[] { forwarded, asked })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(409, (await response.ReadJson()).GetProperty("code").GetInt32());
        }
    }

    /// <summary>
    /// The app certificate, which the gateway never sends, in Agora's text all the same (in either case) reaches no client,
    /// on a forwarded call and on the gateway's own read.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnErrorMessageNamingTheCertificateShowsItNot(bool upperCase)
    {
        var certificate = upperCase ? AgoraSandbox.AppCertificate.ToUpperInvariant() : AgoraSandbox.AppCertificate;
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 401,
            JsonSerializer.Serialize(new { code = 401, msg = $"signature does not match certificate {certificate}" }));
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var forwarded = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var asked = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        foreach (var response in new[] { forwarded, asked })
        {
            var text = await response.Content.ReadAsStringAsync(Json.Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("signature does not match certificate [certificate]", text);
            Assert.DoesNotContain(AgoraSandbox.AppCertificate, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Agora's message is passed on, but never a token in it: an upstream that echoes its credential shows none, however
    /// it writes it (after a space or an <c>=</c>, quoted, URL-encoded, in the URL-safe alphabet, without its <c>007</c>,
    /// encoded again in base64 or hex).
    /// </summary>
    [Theory]
    [InlineData("bad token {token} here")]
    [InlineData("invalid credential token={token}")]
    [InlineData("x-agora-token={token};")]
    [InlineData("agora token=\"{token}\"")]
    [InlineData("GET /v2/rooms?token={escaped}")]
    [InlineData("token:{urlsafe}")]
    [InlineData("tok {unprefixed}")]
    [InlineData("tok={unprefixedEscaped}")]
    [InlineData("tok {base64}")]
    [InlineData("tok {hex}")]
    public async Task AnErrorMessageEchoingTheCredentialShowsNoToken(string message)
    {
        var echoed = new List<string>();
        var written = new List<string>();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            var token = context.Request.Headers["x-agora-token"].ToString() is { Length: > 0 } header ? header
                : context.Request.Headers.Authorization.ToString()["agora token=\"".Length..^1];
            echoed.Add(token);
            var forms = new Dictionary<string, string>
            {
                ["{token}"] = token,
                ["{escaped}"] = Uri.EscapeDataString(token),
                ["{urlsafe}"] = token.Replace('+', '-').Replace('/', '_').TrimEnd('='),
                ["{unprefixed}"] = token[3..],
                ["{unprefixedEscaped}"] = Uri.EscapeDataString(token[3..]),
                ["{base64}"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(token)),
                ["{hex}"] = Convert.ToHexString(Encoding.ASCII.GetBytes(token)),
            };
            var (placeholder, form) = forms.Single(pair => message.Contains(pair.Key, StringComparison.Ordinal));
            written.Add(form);
            var msg = message.Replace(placeholder, form, StringComparison.Ordinal);
            return RecordingUpstream.Reply(context, 400, JsonSerializer.Serialize(new { code = 400, msg }));
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var forwarded = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var asked = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        foreach (var response in new[] { forwarded, asked })
        {
            var problem = await response.ReadJson();
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.StartsWith(message[..message.IndexOf('{', StringComparison.Ordinal)], problem.GetProperty("msg").GetString());
            var said = problem.GetProperty("msg").GetString() + problem.GetProperty("detail").GetString();
            Assert.Contains("[token]", said);
            // A run of letters and digits reads the same in every form the message wrote the token in.
            Assert.All(echoed, token => Assert.DoesNotContain(Regex.Match(token[3..], "[A-Za-z0-9]{12,}").Value, said));
            Assert.All(written, form => Assert.DoesNotContain(Regex.Match(form, "[A-Za-z0-9]{12,}").Value, said));
        }
        Assert.Equal(2, echoed.Count);
    }

    /// <summary>The headers that describe a body, besides its type and length, as a client may send them.</summary>
    static readonly (string Name, string Value)[] BodyDescriptions =
    [
        ("Content-Encoding", "gzip"), ("Content-Language", "fr"), ("Content-Location", "/elsewhere"),
        ("Content-Disposition", "attachment"), ("Content-MD5", "abc"), ("Expires", "0"),
        ("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT"), ("Allow", "GET"),
    ];

    /// <summary><paramref name="content"/> with every description, or all but its coding, which refuses a body read (415).</summary>
    static HttpContent Described(HttpContent content, bool coded = true)
    {
        foreach (var (name, value) in BodyDescriptions)
        {
            if (coded || name != "Content-Encoding")
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return content;
    }

    /// <summary>
    /// A route that takes no body sends Agora none, whatever the client sent with it, and no header that would describe
    /// one: a read goes without, a write with an empty body (<c>Content-Length: 0</c>).
    /// </summary>
    [Fact]
    public async Task ARouteThatTakesNoBodySendsNone()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var query = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/users/u1") { Content = Described(Json.Body("""{"smuggled":1}""")) };
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/records") { Content = Described(new ByteArrayContent([])) };

        var state = await client.PutAsync("/api/v1/rooms/room-1/states/1", Described(new StringContent("garbage", Encoding.UTF8, "text/plain")), Json.Cancel);
        var user = await client.SendAsync(query, Json.Cancel);
        var records = await client.SendAsync(list, Json.Cancel);

        Assert.All(new[] { state, user, records }, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.All(upstream.Requests, received =>
        {
            Assert.Empty(received.Body);
            Assert.Null(received.Header("content-type"));
            Assert.Equal(received.Method == "GET" ? null : "0", received.Header("content-length"));
            Assert.All(BodyDescriptions, header => Assert.Null(received.Header(header.Name.ToLowerInvariant())));
        });
        Assert.Equal(3, upstream.Requests.Count);
    }

    /// <summary>
    /// A body is checked as the bytes it is, so it reaches Agora described as those bytes: its type and length, and not
    /// anything else the client said of it. (One in a content coding is refused: <c>ValidationTests.ABodyInAContentCodingIsRefusedWith415</c>.)
    /// </summary>
    [Fact]
    public async Task ABodyReachesAgoraDescribedByItsTypeAndLengthAlone()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        const string Body = """{"properties":{"topic":"Optics"}}""";

        var routed = await teacher.PutAsync("/api/v1/rooms/room-1/properties", Described(Json.Body(Body), coded: false), Json.Cancel);
        var passedThrough = await admin.PutAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/properties", Described(Json.Body(Body), coded: false),
            Json.Cancel);

        Assert.All(new[] { routed, passedThrough }, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.All(upstream.Requests, received =>
        {
            Assert.Equal(Body, Encoding.UTF8.GetString(received.Body));
            Assert.StartsWith("application/json", received.Header("content-type"));
            Assert.Equal(Encoding.UTF8.GetByteCount(Body).ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("content-length"));
            Assert.All(BodyDescriptions, header => Assert.Null(received.Header(header.Name.ToLowerInvariant())));
        });
        Assert.Equal(2, upstream.Requests.Count);
    }

    /// <summary>
    /// A body a client sent chunked is read whole and checked before it goes on, so the gateway knows its length: it reaches
    /// Agora with its <c>Content-Length</c>, as every other body does, not chunked again without one (which a front end
    /// that wants a length refuses with 411).
    /// </summary>
    [Fact]
    public async Task ABodySentChunkedReachesAgoraWithItsLength()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        const string Body = """{"properties":{"topic":"Optics"}}""";
        var chunks = $"5\r\n{Body[..5]}\r\n{Body.Length - 5:x}\r\n{Body[5..]}\r\n0\r\n\r\n";

        var routed = await RawHttp.SendChunkedAsync(server, "PUT", "/api/v1/rooms/room-1/properties", TestJwt.Teacher("room-1").Sign(), chunks,
            "Content-Type: application/json");
        var passedThrough = await RawHttp.SendChunkedAsync(server, "PUT", $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/properties",
            TestJwt.Admin().Sign(), chunks, "Content-Type: application/json");

        Assert.All(new[] { routed, passedThrough }, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.All(upstream.Requests, received =>
        {
            Assert.Equal(Body, Encoding.UTF8.GetString(received.Body));
            Assert.Null(received.Header("transfer-encoding"));
            Assert.Equal(Encoding.UTF8.GetByteCount(Body).ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("content-length"));
        });
        Assert.Equal(2, upstream.Requests.Count);
    }

    /// <summary>
    /// Agora's 429 keeps its <c>Retry-After</c>; one without says a second, the least it can say, as the document
    /// promises one on every 429. Forwarded (the resource list) and asked by the gateway itself (the join's room details)
    /// alike.
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", "7", 7)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", null, 1)]
    [InlineData("POST", "/api/v1/rooms/room-1/join", "7", 7)]
    [InlineData("POST", "/api/v1/rooms/room-1/join", null, 1)]
    public async Task KeepsRetryAfterOfAThrottledUpstreamAndSaysASecondWithoutOne(string method, string path, string? agoraRetryAfter, int seconds)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            if (agoraRetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = agoraRetryAfter;
            }
            return RecordingUpstream.Reply(context, 429, "Too Many Requests", "text/plain");
        };
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal(429, (await response.ReadJson()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ForwardsTheQueryOfPagedListsReEncoded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await client.GetAsync("/api/v1/rooms/room-1/sequences?nextId=%33&cmd=20&junk=1", Json.Cancel);
        await client.GetAsync("/api/v1/rooms/room-1/records?nextId=a%20b", Json.Cancel);

        var received = upstream.Requests.Select(r => r.RawTarget).ToArray();
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/sequences?nextId=3&cmd=20", received[0]);
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/records?nextId=a%20b", received[1]);
    }

    [Fact]
    public async Task AnUnreachableUpstreamIsABadGatewayProblem()
    {
        // Time for Agora's whole retry schedule (1 s, 3 s, 6 s) and a busy machine's first request, so that only a
        // refused connection, never the deadline, can end the call.
        await using var gateway = InFrontOf(new Uri("http://127.0.0.1:9"), ("Agora:TimeoutSeconds", "30"));
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var response = await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(502, (await response.ReadJson()).GetProperty("code").GetInt32());
    }

    /// <summary>A forwarded call, the join's read of the room and the room route's alike, each said once in a warning.</summary>
    [Theory]
    [InlineData("GET", "/api/v1/rooms/room-1/resources")]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1")]
    [InlineData("POST", "/api/v1/rooms/room-1/join")]
    [InlineData("GET", "/api/v1/rooms/room-1")]
    public async Task AHungUpstreamIsAGatewayTimeoutProblemAfterTheConfiguredWaitAndIsNotRetried(string method, string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        var logs = new CapturedLogs();
        // Long enough for a busy machine's first call to reach the upstream (within 1 s, it once had not).
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl,
            UpstreamCredentialAssert.SettingFor(credential), ("Agora:TimeoutSeconds", "5"))) { Logs = logs };
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(504, (await response.ReadJson()).GetProperty("code").GetInt32());
        Assert.Single(upstream.Requests);
        Assert.Single(logs.Lines, line => line.StartsWith("Warning Gateway.", StringComparison.Ordinal));
    }
}
