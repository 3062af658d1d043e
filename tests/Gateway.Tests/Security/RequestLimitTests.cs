using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Agora;
using Gateway.Forwarding;
using Gateway.Security;
using Gateway.Tests.Support;
using Gateway.Upstream;

namespace Gateway.Tests.Security;

/// <summary>What one request may weigh, tested over a real loopback Kestrel (the in-memory test server enforces none of Kestrel's limits).</summary>
public sealed class RequestLimitTests
{
    static GatewayFactory OnKestrel(RecordingUpstream upstream)
    {
        var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        gateway.UseLoopbackKestrel();
        gateway.StartServer();
        return gateway;
    }

    /// <summary>A JSON object, <paramref name="head"/> and its closing brace, padded with whitespace to exactly <paramref name="bytes"/> bytes.</summary>
    static string PaddedTo(int bytes, string head) => head + new string(' ', bytes - head.Length - 1) + "}";

    /// <summary>A valid create-room body of exactly <paramref name="bytes"/> bytes.</summary>
    static string CreateRoomBodyOf(int bytes) => PaddedTo(bytes, """{"roomName":"Algebra","roomType":4""");

    [Theory]
    [InlineData("POST", "/api/v1/rooms/room-1", true)]
    [InlineData("POST", "/api/v1/rooms/room-1", false)]
    [InlineData("POST", "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1", true)]
    [InlineData("POST", "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1", false)]
    // Routes that take no body refuse a declared one over the limit all the same, though they would not read it.
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", true)]
    [InlineData("POST", "/api/v1/rtm-token", true)]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", true)]
    public async Task ABodyOverOneMebibyteIsRefusedWith413AndNeverForwarded(string method, string path, bool declaredLength)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        // A declared length over the limit is refused before a byte of the body is read, and the connection then closes:
        // a client that sends the body regardless races that close (a broken pipe instead of the answer). The client
        // asks first (Expect: 100-continue, waiting as long as it takes), as a client about to send a large body does,
        // and is never asked for the body.
        using var client = declaredLength ? ExpectingContinue(gateway) : gateway.CreateClient(TestJwt.Admin().Sign());
        var body = Encoding.UTF8.GetBytes(CreateRoomBodyOf(RequestLimits.MaxBodyBytes + 1));
        var declared = new WatchedContent(body);
        HttpRequestMessage Request()
        {
            HttpContent content = declaredLength ? declared : new StreamContent(new MemoryStream(body));
            content.Headers.ContentType = new("application/json");
            if (!declaredLength)
            {
                content.Headers.ContentLength = null;
            }
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
            request.Headers.ExpectContinue = declaredLength;
            return request;
        }

        HttpResponseMessage response;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                response = await client.SendAsync(Request(), Json.Cancel);
                break;
            }
            catch (HttpRequestException) when (!declaredLength && attempt < 5)
            {
                // A chunked body is read up to the limit and refused; the connection then closes with the body's last
                // bytes possibly still unread, and the close can reach the client as a reset before it reads the answer
                // (the race above, for a body sent regardless). Whether forwarded is asserted over every attempt.
            }
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(413, problem.GetProperty("code").GetInt32());
        Assert.Equal(ClientBody.TooLarge, problem.GetProperty("detail").GetString());
        Assert.Equal(0, upstream.Arrived);
        if (declaredLength)
        {
            Assert.False(declared.Sent, "the gateway asked for a body whose declared length is over the limit");
        }
    }

    /// <summary>
    /// A body over the limit is refused once the caller is signed in and allowed, as a body's other refusals are: a stranger
    /// is told to sign in, a caller without the route's role is forbidden, and neither is asked for the body.
    /// </summary>
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("student", HttpStatusCode.Forbidden)]
    public async Task ABodyOverOneMebibyteFromAStrangerOrACallerNotAllowedIsRefusedAsSuch(string? caller, HttpStatusCode expected)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        using var client = ExpectingContinue(gateway);
        client.DefaultRequestHeaders.Authorization = caller is null ? null : new("Bearer", TestJwt.Student("room-1").Sign());
        var body = new WatchedContent(Encoding.UTF8.GetBytes(CreateRoomBodyOf(RequestLimits.MaxBodyBytes + 1)));
        body.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1") { Content = body };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(body.Sent, "the gateway asked for a body it refuses");
        Assert.Equal(0, upstream.Arrived);
    }

    /// <summary>
    /// A body in another media type than JSON, or naming another charset, is refused (415) from its headers alone, as a
    /// body in a content coding is: a client that asks first (<c>Expect: 100-continue</c>) is not asked for it, on a route
    /// and through the passthrough, and nothing reaches Agora.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/properties", "application/merge-patch+json")]
    [InlineData("/api/v1/rooms/room-1/properties", "application/json; charset=utf-16")]
    [InlineData("/api/v1/rooms/room-1/properties", "text/plain")]
    [InlineData("/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1/properties", "application/merge-patch+json")]
    [InlineData("/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1/properties", "application/json; charset=iso-8859-1")]
    public async Task ABodyInAnotherMediaTypeIsRefusedWithoutBeingAskedFor(string path, string mediaType)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        using var client = ExpectingContinue(gateway);
        // Over 1 KiB: HttpClient sends a smaller body after a final answer all the same, to keep the connection.
        var body = new WatchedContent(Encoding.UTF8.GetBytes(PaddedTo(4096, """{"properties":{"topic":"Optics"}""")));
        body.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = body };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ClientBody.NotJson, (await response.ReadJson()).GetProperty("detail").GetString());
        Assert.False(body.Sent, "the gateway asked for a body its headers already refuse");
        Assert.Equal(0, upstream.Arrived);
    }

    /// <summary>A body that records whether the client was asked to send it.</summary>
    sealed class WatchedContent(byte[] bytes) : ByteArrayContent(bytes)
    {
        public bool Sent { get; private set; }

        // ByteArrayContent's cancellable overload calls this one for a derived type.
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Sent = true;
            return base.SerializeToStreamAsync(stream, context);
        }
    }

    static HttpClient ExpectingContinue(GatewayFactory gateway) =>
        new(new SocketsHttpHandler { Expect100ContinueTimeout = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = gateway.SocketAddress,
            DefaultRequestHeaders = { Authorization = new("Bearer", TestJwt.Admin().Sign()) },
        };

    [Fact]
    public async Task ABodyOfExactlyOneMebibyteIsForwarded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var body = CreateRoomBodyOf(RequestLimits.MaxBodyBytes);

        var response = await client.PostAsync("/api/v1/rooms/room-1", new StringContent(body, Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Json.Cancel));
        Assert.Equal(RequestLimits.MaxBodyBytes, Assert.Single(upstream.Requests).Body.Length);
    }

    /// <summary>Agora's success envelope of exactly <paramref name="bytes"/> bytes.</summary>
    static string EnvelopeOf(int bytes) => PaddedTo(bytes, """{"code":0,"msg":"Success","ts":1,"data":{"roomName":"Algebra","roomType":4}""");

    /// <summary>
    /// The room route keeps Agora's answer up to the bound of what the gateway reads itself; one past it (a room whose
    /// properties together pass it) is asked again and passed on as Agora sends it, kept nowhere, where it was a 502.
    /// </summary>
    [Fact]
    public async Task AnAnswerTheGatewayReadsItselfIsKeptUpToItsBoundAndPastItIsPassedOnAsAgoraSendsIt()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        upstream.Respond = context => RecordingUpstream.Reply(context, 200, EnvelopeOf(AgoraServiceCalls.MaxAnswerBytes + 1));
        var tooLarge = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var again = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var askedPastTheBound = upstream.Requests.Count;
        upstream.Respond = context => RecordingUpstream.Reply(context, 200, EnvelopeOf(AgoraServiceCalls.MaxAnswerBytes));
        var whole = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var kept = await client.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        foreach (var passedOn in new[] { tooLarge, again })
        {
            Assert.True(passedOn.StatusCode == HttpStatusCode.OK, await Json.Describe(passedOn));
            Assert.Equal("MISS", passedOn.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal(EnvelopeOf(AgoraServiceCalls.MaxAnswerBytes + 1), await passedOn.Content.ReadAsStringAsync(Json.Cancel));
        }
        Assert.Equal(4, askedPastTheBound);
        foreach (var (answer, cacheStatus) in new[] { (whole, "MISS"), (kept, "HIT") })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(cacheStatus, answer.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal(EnvelopeOf(AgoraServiceCalls.MaxAnswerBytes), await answer.Content.ReadAsStringAsync(Json.Cancel));
        }
        Assert.Equal(askedPastTheBound + 1, upstream.Requests.Count);
    }

    /// <summary>
    /// Headers over 32 KiB in all, counted as Kestrel counts them on the wire (each line with its end), or more than 64 lines,
    /// are the gateway's 431 problem, before sign-in; up to the limits, the request is served.
    /// </summary>
    [Theory]
    [InlineData(RequestLimits.MaxHeaderBytes, 5, HttpStatusCode.OK)]
    [InlineData(RequestLimits.MaxHeaderBytes + 1, 5, HttpStatusCode.RequestHeaderFieldsTooLarge)]
    [InlineData(4096, RequestLimits.MaxHeaderCount, HttpStatusCode.OK)]
    [InlineData(4096, RequestLimits.MaxHeaderCount + 1, HttpStatusCode.RequestHeaderFieldsTooLarge)]
    public async Task HeadersOverThirtyTwoKibibytesOrSixtyFourLinesAreA431Problem(int bytes, int lines, HttpStatusCode expected)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;

        var answer = await RawHttp.SendAsync(server, "GET", "/api/v1/rooms/room-1/sequences", TestJwt.Teacher("room-1").Sign(),
            headers: HeadersOf(server, bytes, lines));

        Assert.Equal(expected, answer.Status);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Single(upstream.Requests);
            return;
        }
        AssertProblem(answer, 431, "The request's headers are more than 32768 bytes in all, or more than 64.");
        Assert.Empty(upstream.Requests);
    }

    /// <summary>Beyond twice the gateway's limits, Kestrel refuses the headers itself as it reads them: its 431, without a body.</summary>
    [Fact]
    public async Task HeadersOverTwiceTheLimitAreKestrelsBodiless431()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;

        var answer = await RawHttp.SendAsync(server, "GET", "/api/v1/rooms/room-1/sequences", TestJwt.Teacher("room-1").Sign(),
            headers: HeadersOf(server, 2 * RequestLimits.MaxHeaderBytes + 1, 5));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, answer.Status);
        Assert.Empty(answer.Body);
        Assert.Empty(upstream.Requests);
        AssertDocumentedAsBodiless(answer, 431, $"past {2 * RequestLimits.MaxHeaderBytes / 1024} KiB or {2 * RequestLimits.MaxHeaderCount} ");
    }

    /// <summary>
    /// A head over the limits is refused before sign-in, on a route that needs one: a caller whose token is no token gets
    /// the 414 or 431 problem, not a 401.
    /// </summary>
    [Fact]
    public async Task AHeadOverTheLimitsIsRefusedBeforeSignIn()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;

        var longLine = await RawHttp.SendAsync(server, "GET", "/api/v1/rooms/room-1/records?nextId=" + new string('a', RequestLimits.MaxRequestLineBytes), "not-a-token");
        var largeHeaders = await RawHttp.SendAsync(server, "GET", "/api/v1/rooms/room-1/records", "not-a-token",
            headers: "X-Padding: " + new string('p', RequestLimits.MaxHeaderBytes));

        AssertProblem(longLine, 414, "The request line is longer than 8192 bytes.");
        AssertProblem(largeHeaders, 431, "The request's headers are more than 32768 bytes in all, or more than 64.");
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// The header lines to add to <see cref="RawHttp"/>'s own (host, credential, framing, connection) so that the request has
    /// <paramref name="lines"/> header lines of <paramref name="bytes"/> bytes in all, each line's end included.
    /// </summary>
    static string[] HeadersOf(Uri server, int bytes, int lines)
    {
        string[] own = [$"Host: {server.Authority}", $"Authorization: Bearer {TestJwt.Teacher("room-1").Sign()}", "Content-Length: 0", "Connection: close"];
        var added = Enumerable.Range(0, lines - own.Length - 1).Select(i => $"X-Line-{i:D2}: x").ToList();
        var left = bytes - own.Concat(added).Sum(line => line.Length + 2) - "X-Padding: ".Length - 2;
        added.Add("X-Padding: " + new string('p', left));
        return [.. added];
    }

    static void AssertProblem(RawHttp.Answer answer, int status, string detail)
    {
        Assert.Contains("Content-Type: application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Request-ID: ", answer.Head, StringComparison.OrdinalIgnoreCase);
        // The one chunk it is sent in.
        using var problem = System.Text.Json.JsonDocument.Parse(answer.Body[answer.Body.IndexOf('{')..(answer.Body.LastIndexOf('}') + 1)]);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(status, problem.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMalformedRequestLineIsA400NotAFailure()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        using var client = gateway.CreateClient();
        using var socket = new TcpClient();
        await socket.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port, Json.Cancel);
        var stream = socket.GetStream();

        await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\nA header without its colon\r\n\r\n"u8.ToArray(), Json.Cancel);
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer, Json.Cancel);

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// A length with a sign, <c>Content-Length: +29</c>, is read as 29 for the request and for the connection alike: the body
    /// forwarded is those 29 bytes, and the request after them on the connection is answered as its own.
    /// </summary>
    [Fact]
    public async Task ASignedContentLengthIsReadAsItsNumberForTheBodyAndTheConnectionAlike()
    {
        const string Body = """{"properties":{"a":12345678}}""";
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port, Json.Cancel);
        var stream = socket.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /api/v1/rooms/room-1/properties HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {TestJwt.Teacher("room-1").Sign()}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: +{Body.Length}\r\n\r\n{Body}"
            + $"GET /healthz HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"), Json.Cancel);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answers = await reader.ReadToEndAsync(Json.Cancel);

        Assert.Equal(["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"], answers.Split("\r\n").Where(line => line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)));
        Assert.Equal(Body, Encoding.UTF8.GetString(Assert.Single(upstream.Requests).Body));
    }

    /// <summary>
    /// A chunk size too large for a number fails in Kestrel as an <see cref="IOException"/>, not as its refusal of a
    /// malformed request (as <c>zz</c> does): the client's framing all the same, so a 400 problem and no error logged,
    /// wherever the body is read — a checked body, the sandbox's token request, the passthrough.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/rooms/room-1/join", "FFFFFFFFFFFFFFFFFF")]
    [InlineData("PUT", "/api/v1/rooms/room-1/properties", "FFFFFFFFFFFFFFFFFF")]
    [InlineData("POST", "/dev/token", "FFFFFFFFFFFFFFFFFF")]
    [InlineData("POST", "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1", "FFFFFFFFFFFFFFFFFF")]
    [InlineData("PUT", "/api/v1/rooms/room-1/properties", "zz")]
    public async Task AMalformedChunkSizeIsA400ProblemNotAFailure(string method, string path, string chunkSize)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendChunkedAsync(server, method, path, TestJwt.Admin().Sign(),
            $"{chunkSize}\r\n{{}}\r\n0\r\n\r\n", "Content-Type: application/json");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Content-Type: application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":400", answer.Body, StringComparison.Ordinal);
        if (path != "/dev/token") // the framework binds the sandbox's own request, with a detail of its own
        {
            Assert.Contains($"\"detail\":\"{ClientBody.Unreadable}\"", answer.Body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A request line over 8 KiB (a long query), counted as Kestrel counts it (method, target, protocol, the spaces and the
    /// line's end), is the gateway's 414 problem; one of 8 KiB is served.
    /// </summary>
    [Theory]
    [InlineData(RequestLimits.MaxRequestLineBytes, HttpStatusCode.OK)]
    [InlineData(RequestLimits.MaxRequestLineBytes + 1, HttpStatusCode.RequestUriTooLong)]
    public async Task ARequestLineOverEightKibibytesIsA414Problem(int bytes, HttpStatusCode expected)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;

        var answer = await RawHttp.SendAsync(server, "GET", TargetOfALine(bytes), TestJwt.Teacher("room-1").Sign());

        Assert.Equal(expected, answer.Status);
        if (expected == HttpStatusCode.RequestUriTooLong)
        {
            AssertProblem(answer, 414, "The request line is longer than 8192 bytes.");
        }
    }

    /// <summary>Beyond twice the gateway's 8 KiB, Kestrel refuses the request line itself as it reads it: its 414, without a body.</summary>
    [Fact]
    public async Task ARequestLineOverTwiceTheLimitIsKestrelsBodiless414()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;

        var answer = await RawHttp.SendAsync(server, "GET", TargetOfALine(2 * RequestLimits.MaxRequestLineBytes + 1), TestJwt.Teacher("room-1").Sign());

        Assert.Equal(HttpStatusCode.RequestUriTooLong, answer.Status);
        Assert.Empty(answer.Body);
        Assert.Empty(upstream.Requests);
        AssertDocumentedAsBodiless(answer, 414, $"past {2 * RequestLimits.MaxRequestLineBytes / 1024} KiB ");
    }

    /// <summary>
    /// Kestrel's own refusal has neither the problem nor the <c>X-Request-Id</c> the document lists for the status, so every
    /// operation's description of <paramref name="status"/> says, from <paramref name="bound"/> on, that it has none.
    /// </summary>
    static void AssertDocumentedAsBodiless(RawHttp.Answer answer, int status, string bound)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.PathOf("openapi/gateway.v1.json")))!;
        var descriptions = (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where operation.Key != "parameters"
            select (string?)operation.Value!["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["description"])
            .ToList();

        Assert.DoesNotContain("X-Request-Id", answer.Head, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(descriptions);
        Assert.All(descriptions, description =>
        {
            Assert.Contains(bound, description, StringComparison.Ordinal);
            Assert.Contains("that answer has no body and no `X-Request-Id`", description, StringComparison.Ordinal);
        });
    }

    /// <summary>A target for <c>GET {target} HTTP/1.1</c> that makes the line <paramref name="bytes"/> long with its end: liveness, with a query it ignores.</summary>
    static string TargetOfALine(int bytes) => "/healthz?q=" + new string('q', bytes - "GET /healthz?q= HTTP/1.1\r\n".Length);

    /// <summary>
    /// A chunked body is counted as Kestrel counts it, its chunks' framing included: 200,000 bytes of content in 1-byte
    /// chunks (six bytes each on the wire) are over 1 MiB, and refused as such (docs/security.md).
    /// </summary>
    [Fact]
    public async Task AChunkedBodyIsCountedWithItsFraming()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = OnKestrel(upstream);
        var server = gateway.CreateClient().BaseAddress!;
        var content = "{\"properties\":{\"a\":\"" + new string('x', 200_000 - 24) + "\"}}";

        var answer = await RawHttp.SendChunkedAsync(server, "PUT", "/api/v1/rooms/room-1/properties", TestJwt.Teacher("room-1").Sign(),
            string.Concat(content.Select(c => $"1\r\n{c}\r\n")) + "0\r\n\r\n", "Content-Type: application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Empty(upstream.Requests);
    }
}
