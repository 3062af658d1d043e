using System.Net;
using System.Text.Json;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Tests.Resilience;

/// <summary>A rude upstream on a real loopback socket: each misbehaviour ends as a problem, or as a cleanly aborted answer once one had started.</summary>
public sealed class UpstreamFaultTests
{
    /// <summary>A bound on each test's wait, so a hang fails the test instead of stalling the run.</summary>
    static CancellationToken Bounded(int seconds = 30)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(Json.Cancel);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source.Token;
    }

    static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal((int)status, problem.GetProperty("code").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
        return problem;
    }

    /// <summary>An upstream that promises <paramref name="declaredLength"/> bytes, sends <paramref name="prefix"/>, then resets.</summary>
    static Func<HttpContext, Task> BreaksOff(int status, string prefix, int declaredLength) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = declaredLength;
        await context.Response.StartAsync();
        await context.Response.WriteAsync(prefix);
        await context.Response.Body.FlushAsync();
        await Task.Delay(100);
        context.Abort();
    };

    [Fact]
    public async Task AConnectionResetBeforeAnAnswerIsABadGatewayAndAWriteIsNotRetried()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = RecordingUpstream.Abort;
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Bounded());

        await AssertProblem(response, HttpStatusCode.BadGateway);
        Assert.Single(upstream.Requests);
    }

    /// <summary>
    /// The gateway's own reads of Agora, the room's details for the join and for the room's route, are not retried as a
    /// forwarded read is: a reset is a 502 at once, after one try.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/rooms/room-1/join")]
    [InlineData("GET", "/api/v1/rooms/room-1")]
    public async Task TheGatewaysOwnReadOfTheRoomIsNotRetriedAfterAReset(string method, string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = RecordingUpstream.Abort;
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Bounded());

        await AssertProblem(response, HttpStatusCode.BadGateway);
        Assert.Equal(1, upstream.Arrived);
    }

    /// <summary>
    /// A write without a body, whose pooled connection Agora closes cleanly before answering, reached Agora once per idle
    /// connection: the HTTP client sends a bodyless request again on another, whatever its method. Now once, and a 502.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1")]
    [InlineData("POST", "/edu/apps/" + Classroom.Agora.AgoraSandbox.AppId + "/v2/rooms/room-1/users/u1/exit")]
    [InlineData("DELETE", "/edu/apps/" + Classroom.Agora.AgoraSandbox.AppId + "/v2/rooms/room-1/properties")]
    public async Task AWriteWithoutABodyReachesAgoraOnceWhenItsConnectionClosesBeforeAnAnswer(string method, string path)
    {
        using var upstream = new ClosingUpstream { AnswerDelay = TimeSpan.FromMilliseconds(300) };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());
        // Reads at once, each on a connection of its own, then left idle in the pool.
        var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync("/api/v1/rooms/room-1/records", Bounded())));
        upstream.StopAnswering();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Bounded());

        Assert.All(reads, read => Assert.Equal(HttpStatusCode.OK, read.StatusCode));
        await AssertProblem(response, HttpStatusCode.BadGateway);
        Assert.Equal([method], upstream.Methods.Skip(reads.Length));
    }

    /// <summary>
    /// Agora's schedule — 1 s, 3 s, then 6 s — as far as it fits in <c>Agora:TimeoutSeconds</c>: the default 10 s leaves
    /// room for two retries (at 1 s and 4 s), 11 s for three, 1 s for none. Timed on the gateway's clock, which the test moves.
    /// </summary>
    [Theory]
    [InlineData(10, new[] { 0, 1, 4 })]
    [InlineData(11, new[] { 0, 1, 4, 10 })]
    [InlineData(1, new[] { 0 })]
    public async Task AReadIsRetriedAfterResetsOnAgorasScheduleAsFarAsItFitsThenABadGateway(int timeoutSeconds, int[] triedAtSeconds)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var clock = new WatchedClock();
        var tries = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        upstream.Respond = context =>
        {
            tries.Enqueue(clock.GetUtcNow());
            return RecordingUpstream.Abort(context);
        };
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl,
            ("Agora:TimeoutSeconds", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)))) { Clock = clock, Logs = logs };
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var read = client.GetAsync("/api/v1/rooms/room-1/resources", Bounded());
        await clock.EndRetryWaitsUntil(read);
        var response = await read;

        await AssertProblem(response, HttpStatusCode.BadGateway);
        var first = tries.First();
        Assert.Equal(triedAtSeconds, tries.Select(t => (int)(t - first).TotalSeconds));
        // The last try's own failure is what ended the call, not the retry's bookkeeping.
        Assert.Contains(logs.Lines, line => line.Contains("Forwarding to Agora failed: Request (HttpRequestException)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReadSucceedsWhenARetryReachesAHealthyUpstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var attempts = 0;
        upstream.Respond = context => Interlocked.Increment(ref attempts) == 1
            ? RecordingUpstream.Abort(context)
            : RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":[]}""");
        var clock = new WatchedClock();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Clock = clock };
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var read = client.GetAsync("/api/v1/rooms/room-1/resources", Bounded());
        var waited = await clock.EndRetryWaitsUntil(read);
        var response = await read;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.ReadJson()).GetProperty("code").GetInt32());
        Assert.Equal(2, upstream.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], waited);
        var ids = upstream.Requests.Select(r => r.Header("x-request-id")).Distinct().ToList();
        Assert.Single(ids);
    }

    const string Room = """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-1","roomName":"Maths","state":1,"createTime":1,"roomProperties":{"roomType":4}}}""";

    /// <summary>
    /// A length beside <c>Transfer-Encoding: chunked</c> is not the body's: the chunks override it, and a proxy removes it
    /// (RFC 9112 6.3). A forwarded read, a cached read and the passthrough each reach the client whole, framed by what
    /// the gateway sends, whether the stray length was longer or shorter than the body, and nothing is logged as an error;
    /// so too when the first chunk, sent on its own, is as long as the stray length, which does not end the body there
    /// (<paramref name="firstChunk"/>: its length, or 0 for the body in one chunk).
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/records", 5)]
    [InlineData("/api/v1/rooms/room-1/records", 5000)]
    [InlineData("/api/v1/rooms/room-1/resources", 5)]
    [InlineData("/api/v1/rooms/room-1/resources", 5000)]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1", 5)]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1", 5000)]
    [InlineData("/api/v1/rooms/room-1/records", 0)]
    [InlineData("/api/v1/rooms/room-1/records", 5, 5)]
    [InlineData("/api/v1/rooms/room-1/resources", 8, 8)]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1", 5, 5)]
    public async Task AChunkedAnswerWithAStrayLengthReachesTheClientWhole(string path, int declared, int firstChunk = 0)
    {
        var chunks = firstChunk == 0 ? Chunk(Room) : Chunk(Room[..firstChunk]) + ScriptedUpstream.Pause + Chunk(Room[firstChunk..]);
        using var upstream = new ScriptedUpstream(_ => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + $"Transfer-Encoding: chunked\r\nContent-Length: {declared}\r\n\r\n{chunks}0\r\n\r\n");
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        using var client = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        client.DefaultRequestHeaders.Authorization = new("Bearer", new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "room-1" }.Sign());

        var response = await client.GetAsync(path, Bounded());
        var body = await response.Content.ReadAsStringAsync(Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Room, body);
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    static string Chunk(string data) => $"{data.Length:x}\r\n{data}\r\n";

    /// <summary>
    /// A 204, which Agora never answers, has no envelope, whatever length it names: the client gets the 502 problem of
    /// an answer the gateway cannot use, on a route and on the passthrough, and no error is logged (the stray length once
    /// made Kestrel fail a 204 passed on as one written too short, an empty 500).
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/states/1")]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/states/1")]
    public async Task ANoContentAnswerNamingALengthIsABadGatewayProblem(string path)
    {
        using var upstream = new ScriptedUpstream(_ => "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        using var client = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        client.DefaultRequestHeaders.Authorization = new("Bearer", new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "room-1" }.Sign());

        var response = await client.PutAsync(path, null, Bounded());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(502, (await response.ReadJson()).GetProperty("code").GetInt32());
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    /// <summary>
    /// Fields Agora sends after a chunked body are its own, as its headers are: none reaches a client that takes trailers,
    /// on a route, a cached read and the passthrough; the body does, whole.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/sequences")]
    [InlineData("/api/v1/rooms/room-1/resources")]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/sequences")]
    public async Task AgorasTrailersReachNoClient(string path)
    {
        const string Body = """{"code":0,"msg":"Success","ts":1,"data":[]}""";
        using var upstream = new ScriptedUpstream(_ => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + $"Trailer: X-Agora-Internal\r\n\r\n{Body.Length:x}\r\n{Body}\r\n0\r\nX-Agora-Internal: node-7 10.0.3.4\r\n\r\n");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "room-1" }.Sign());

        var response = await client.GetAsync(path, Bounded());
        var body = await response.Content.ReadAsStringAsync(Bounded());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body, body);
        Assert.Empty(response.TrailingHeaders);
    }

    /// <summary>A status outside HTTP's 100 to 599 is no answer a client can read: a 502 problem, not the status passed on.</summary>
    [Fact]
    public async Task AStatusOutsideHttpsRangeIsABadGatewayProblem()
    {
        using var upstream = new ScriptedUpstream(_ => "HTTP/1.1 600 Unknown\r\nContent-Length: 0\r\n\r\n");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.GetAsync("/api/v1/rooms/room-1/sequences", Bounded());

        await AssertProblem(response, HttpStatusCode.BadGateway);
    }

    /// <summary>
    /// A status no RFC names (a CDN's 520 before Agora, say) keeps its status, as every Agora error does, and its problem is
    /// whole: a title of its class, not an empty one, and a type that links to RFC 9110's section of that class, not to a
    /// section <c>#status.520</c> that does not exist.
    /// </summary>
    [Fact]
    public async Task AStatusNoRfcNamesIsAProblemWithItsClasssTitleAndSection()
    {
        using var upstream = new ScriptedUpstream(_ => "HTTP/1.1 520 \r\nContent-Length: 0\r\n\r\n");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.GetAsync("/api/v1/rooms/room-1/sequences", Bounded());

        Assert.Equal(520, (int)response.StatusCode);
        var problem = await response.ReadJson();
        Assert.Equal(520, problem.GetProperty("code").GetInt32());
        Assert.Equal("Server Error", problem.GetProperty("title").GetString());
        Assert.Equal("https://httpwg.org/specs/rfc9110.html#status.5xx", problem.GetProperty("type").GetString());
    }

    /// <summary>
    /// Agora's status came and its body broke off before any of it reached the client: a 502 that says so, on a forwarded
    /// call and on the gateway's own reads alike, not that Agora could not be reached.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1")]
    [InlineData("GET", "/api/v1/rooms/room-1")]
    [InlineData("POST", "/api/v1/rooms/room-1/join")]
    public async Task AnUpstreamThatClosesAfterItsHeadersEndsAsABadGatewayProblem(string method, string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = BreaksOff(200, "", declaredLength: 500);
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Bounded());

        var problem = await AssertProblem(response, HttpStatusCode.BadGateway);
        Assert.Equal("Agora's answer broke off before it was whole.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AConnectionResetMidBodyAbortsTheAnswerThatHadStarted()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = BreaksOff(200, "{\"code\":0,\"msg\":\"Success\",\"data\":[" + new string(' ', 20_000), declaredLength: 100_000);
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };

        await AssertAnswerIsAborted(gateway);
        await AssertCutOffLogged(logs, nameof(ForwarderError.ResponseBodyDestination));
    }

    /// <summary>An aborted 200 for Agora's failure or slowness is a warning that names why (logged as the abort ends).</summary>
    static async Task AssertCutOffLogged(CapturedLogs logs, string error)
    {
        var logged = await Poll.Until(() => Task.FromResult(logs.Lines.Any(line =>
            line.StartsWith("Warning Gateway.Forwarding.AgoraForwarder", StringComparison.Ordinal)
            && line.Contains("answer (200) was cut off", StringComparison.Ordinal) && line.Contains(error, StringComparison.Ordinal))),
            found => found, TimeSpan.FromSeconds(10));
        Assert.True(logged, string.Join("\n", logs.Lines.Where(line => line.Contains("Forwarding.AgoraForwarder", StringComparison.Ordinal))));
    }

    /// <summary>The answer had started, so no problem can follow: the client must see it aborted, not left hanging.</summary>
    static async Task AssertAnswerIsAborted(GatewayFactory gateway)
    {
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        var bound = Bounded();

        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync("/api/v1/rooms/room-1/resources", HttpCompletionOption.ResponseHeadersRead, bound);
            await response.Content.ReadAsByteArrayAsync(bound);
        });

        Assert.NotNull(failure);
        Assert.False(bound.IsCancellationRequested, "the answer was left hanging");
    }

    [Fact]
    public async Task ASlowDripBodyIsCutOffAtTheConfiguredTimeout()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"code\":0,", context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(200, context.RequestAborted);
                await context.Response.WriteAsync(" ", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        };
        // Long enough for a busy machine's first call to have its answer started before the wait ends.
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, ("Agora:TimeoutSeconds", "5"))) { Logs = logs };

        await AssertAnswerIsAborted(gateway);
        await AssertCutOffLogged(logs, nameof(ForwarderError.RequestTimedOut));
    }

    /// <summary>
    /// The bound is Agora's time, not the client's: clients that take Agora's answer more slowly than the bound, each
    /// waiting before it reads a body larger than the sockets between them hold, get the whole answer, and the circuit
    /// stays closed for the next call. Counted in the bound, a slow reader's answer was cut off as Agora's timeout and
    /// a few of them opened the circuit, a 503 for everyone.
    /// </summary>
    [Fact]
    public async Task AClientReadingSlowlyGetsTheWholeAnswerAndOpensNoCircuit()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        // Agora's bound is 8 s, and each client waits 10 s before it reads: on a loaded machine two answers of 16 MiB at
        // once took the 3 s this bound was before to start (a 504 each), with the readers' wait past it all the same.
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Agora:TimeoutSeconds", "8"), ("CircuitBreaker:MinimumThroughput", "2"));
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Teacher("room-1").Sign();
        // Answered once first: a cold upstream's and gateway's first exchange, on a loaded machine, once outlasted a 3 s
        // bound before Agora's headers (a 504); a warm one takes milliseconds.
        using (var warming = new HttpClient { BaseAddress = server })
        {
            warming.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
            await FirstExchange.AnsweredAsync(warming, Bounded());
        }
        var large = System.Text.Encoding.UTF8.GetBytes("{\"code\":0,\"msg\":\"Success\",\"ts\":1,\"data\":\"" + new string('x', 16 << 20) + "\"}");
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = large.Length;
            await context.Response.Body.WriteAsync(large, context.RequestAborted);
        };

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var client = new HttpClient { BaseAddress = server };
            client.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
            using var response = await client.GetAsync("/api/v1/rooms/room-1/sequences", HttpCompletionOption.ResponseHeadersRead, Bounded());
            await Task.Delay(TimeSpan.FromSeconds(10), Bounded());
            return (response.StatusCode, (await response.Content.ReadAsByteArrayAsync(Bounded())).Length);
        }));
        using var next = new HttpClient { BaseAddress = server };
        next.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
        var after = await next.PutAsync("/api/v1/rooms/room-1/states/1", null, Bounded());

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, large.Length), answer));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AnErrorBodyBrokenOffKeepsTheUpstreamStatusAsAProblem()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = BreaksOff(409, "{\"code\":30409100,\"msg\":\"cla", declaredLength: 1000);
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Bounded());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadJson();
        Assert.Equal(409, problem.GetProperty("code").GetInt32());
        Assert.DoesNotContain("cla", problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// An error whose status and headers came but whose body stalls past the bound is still Agora's refusal, as one broken
    /// off is: the client hears Agora's status, for a forwarded write and the gateway's own read alike. Taken for Agora's
    /// silence, it was a 504, which told the client and the audit trail that the outcome was unknown and counted as a
    /// failure to the circuit breaker.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1")]
    [InlineData("GET", "/api/v1/rooms/room-1")]
    [InlineData("POST", "/api/v1/rooms/room-1/join")]
    public async Task AnErrorWhoseBodyStallsPastTheBoundKeepsTheUpstreamStatus(string method, string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.StatusCode = 409;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("{\"code\":30409100,\"msg\":\"cla", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, ("Agora:TimeoutSeconds", "2")));
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Bounded());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(409, problem.GetProperty("code").GetInt32());
        Assert.DoesNotContain("cla", problem.GetProperty("detail").GetString());
        Assert.Equal(1, upstream.Arrived);
    }

    /// <summary>
    /// Code 0 is Agora's success, so no problem carries it: the gateway's own read answered with Agora's envelope under a
    /// status that is not its success (a redirect, a 201) is a 502 whose code is 502, as a forwarded call's is. It was 0.
    /// </summary>
    [Theory]
    [InlineData(302, "GET", "/api/v1/rooms/room-1")]
    [InlineData(201, "POST", "/api/v1/rooms/room-1/join")]
    public async Task AnEnvelopeOfCodeZeroUnderAnotherStatusIsAProblemWithoutCodeZero(int status, string method, string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.Headers.Location = "http://127.0.0.1:9/elsewhere";
            await context.Response.WriteAsync("{\"code\":0,\"msg\":\"Success\",\"ts\":1,\"data\":{}}", context.RequestAborted);
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Bounded());

        await AssertProblem(response, HttpStatusCode.BadGateway);
    }

    /// <summary>
    /// An operator's console, at the shipped levels (appsettings.json): a forward to an upstream that refuses the
    /// connection is one Warning line, the gateway's, naming the kind of failure; no exception message, no stack trace.
    /// </summary>
    [Fact]
    public async Task AFailedForwardIsOneWarningLineWithNoExceptionText()
    {
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Events:PollingEnabled", "false"));
        environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true"; // as deployed, behind a proxy that ended TLS
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.PutAsync("/api/v1/rooms/room-1/states/1", null, Bounded());
        await Poll.Until(() => Task.FromResult(gateway.Output), output => output.Contains("Forwarding to Agora failed", StringComparison.Ordinal));
        await gateway.DisposeAsync();

        await AssertProblem(response, HttpStatusCode.BadGateway);
        // Kestrel's warning that its heartbeat ran late (event 22) says the machine was busy, not that the forward failed.
        var warnings = gateway.Output.Split('\n').Where(line => line.StartsWith("warn:", StringComparison.Ordinal)
            || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            .Where(line => !line.StartsWith("warn: Microsoft.AspNetCore.Server.Kestrel[22]", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 1, gateway.Output);
        Assert.StartsWith("warn: Gateway.Forwarding.AgoraForwarder", warnings[0], StringComparison.Ordinal);
        Assert.Contains("Forwarding to Agora failed: Request (HttpRequestException)", gateway.Output);
        Assert.DoesNotContain("Connection refused", gateway.Output);
        Assert.DoesNotContain("   at ", gateway.Output);
    }
}
