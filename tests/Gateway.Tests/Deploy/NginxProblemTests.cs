using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Problems;
using Gateway.Tests.Support;

namespace Gateway.Tests.Deploy;

/// <summary>
/// What nginx answers itself, run from the shipped <c>nginx.conf</c> (no gateway up, one too slow, a request it refuses),
/// is a problem in the gateway's shape, as every error of the product is: a client meets one error shape, never nginx's page.
/// </summary>
public sealed class NginxProblemTests
{
    const string Id = "client-chosen-id-7";

    static readonly JsonNode Document = JsonNode.Parse(File.ReadAllText(Repository.PathOf("openapi/gateway.v1.json")))!;

    /// <summary>
    /// The answer is a problem of <paramref name="status"/> as the gateway makes one: its content type, the document's
    /// schema, the gateway's type and title of the status, the request's id as <c>traceId</c> and <c>X-Request-Id</c>.
    /// </summary>
    static async Task AssertProblemAsync(HttpResponseMessage answer, HttpStatusCode status, string? id = Id)
    {
        var body = await answer.Content.ReadAsStringAsync(Json.Cancel);
        Assert.True(answer.StatusCode == status, $"expected {(int)status}, got {(int)answer.StatusCode}: {body}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Empty(OpenApiSchema.Violations(Document, Document["components"]!["schemas"]!["GatewayProblem"]!, problem));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal((int)status, problem.GetProperty("code").GetInt32());
        Assert.Equal(GatewayProblems.TypeOf((int)status), problem.GetProperty("type").GetString());
        Assert.Equal(GatewayProblems.Title((int)status), problem.GetProperty("title").GetString());
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("msg").GetString());
        var traceId = problem.GetProperty("traceId").GetString();
        Assert.Equal(answer.Headers.GetValues("X-Request-Id").Single(), traceId);
        if (id is not null)
        {
            Assert.Equal(id, traceId);
        }
    }

    static HttpRequestMessage Request(HttpMethod method, string path, Version? version = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Request-Id", Id);
        if (version is not null)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        return request;
    }

    /// <summary>
    /// nginx's own refusals in front of a running gateway: a header line over its 32 KiB and plain HTTP to the TLS port
    /// (400), a path it does not serve (404), TRACE (405), a body over its 2 MiB, with a length or
    /// written as it comes (413), a request line over 32 KiB (414).
    /// </summary>
    [Fact]
    public async Task NginxsOwnRefusalsAreProblemsInTheGatewaysShape()
    {
        await using var gateway = new GatewayFactory();
        await using var nginx = await Nginx.StartInFrontOfAsync(gateway.StartOnASocket());
        using var internet = nginx.CreateClient();

        using var headerLine = Request(HttpMethod.Get, "/healthz", HttpVersion.Version11);
        headerLine.Headers.Add("X-Big", new string('a', 33 * 1024));
        await AssertProblemAsync(await internet.SendAsync(headerLine, Json.Cancel), HttpStatusCode.BadRequest);

        using var plainToTls = new HttpClient();
        using var plain = Request(HttpMethod.Get, $"http://{nginx.Tls.Authority}/healthz");
        await AssertProblemAsync(await plainToTls.SendAsync(plain, Json.Cancel), HttpStatusCode.BadRequest);

        using var metrics = Request(HttpMethod.Get, "/metrics");
        await AssertProblemAsync(await internet.SendAsync(metrics, Json.Cancel), HttpStatusCode.NotFound);

        using var trace = Request(HttpMethod.Trace, "/healthz", HttpVersion.Version11);
        await AssertProblemAsync(await internet.SendAsync(trace, Json.Cancel), HttpStatusCode.MethodNotAllowed);

        using var body = Request(HttpMethod.Post, "/api/v1/rooms/room-1/join");
        body.Content = new ByteArrayContent(new byte[3 * 1024 * 1024]);
        await AssertProblemAsync(await internet.SendAsync(body, Json.Cancel), HttpStatusCode.RequestEntityTooLarge);

        // A write's body without a length, whose limit nginx meets only as it reads it in @write, after a write's error_page.
        using var chunked = Request(HttpMethod.Put, "/api/v1/rooms/room-1/states/1", HttpVersion.Version11);
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Content = new ByteArrayContent(new byte[3 * 1024 * 1024]);
        await AssertProblemAsync(await internet.SendAsync(chunked, Json.Cancel), HttpStatusCode.RequestEntityTooLarge);

        using var line = Request(HttpMethod.Get, "/healthz?q=" + new string('a', 33 * 1024), HttpVersion.Version11);
        var lineAnswer = await internet.SendAsync(line, Json.Cancel);
        await AssertProblemAsync(lineAnswer, HttpStatusCode.RequestUriTooLong, id: null); // refused before nginx read a header
        Assert.DoesNotContain("aaaa", await lineAnswer.Content.ReadAsStringAsync(Json.Cancel));
    }

    /// <summary>No gateway takes the request: nginx's 502 over HTTP/1.1 and HTTP/2, and over plain HTTP; with no id of the client's
    /// it can write as it is, nginx's own.</summary>
    [Fact]
    public async Task NoGatewayUpIsABadGatewayProblem()
    {
        using var first = new RefusingPort();
        using var second = new RefusingPort();
        await using var nginx = await Nginx.StartInFrontOfAsync(first.Url, second.Url, Nginx.Http2);
        using var internet = nginx.CreateClient();
        using var plain = new HttpClient { BaseAddress = nginx.Plain };

        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var read = Request(HttpMethod.Get, "/api/v1/rooms/room-1", version);
            await AssertProblemAsync(await internet.SendAsync(read, Json.Cancel), HttpStatusCode.BadGateway);
            using var write = Request(HttpMethod.Put, "/api/v1/rooms/room-1/states/1", version);
            await AssertProblemAsync(await internet.SendAsync(write, Json.Cancel), HttpStatusCode.BadGateway);
        }
        using var clear = Request(HttpMethod.Get, "/api/v1/rooms/room-1");
        await AssertProblemAsync(await plain.SendAsync(clear, Json.Cancel), HttpStatusCode.BadGateway);
        await AssertProblemAsync(await internet.GetAsync("/api/v1/rooms/room-1", Json.Cancel), HttpStatusCode.BadGateway, id: null);
        // An id the gateway would take, but that JSON would need escaped: nginx names the request with its own.
        using var quoted = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1");
        quoted.Headers.TryAddWithoutValidation("X-Request-Id", "a\"b\\c");
        var quotedAnswer = await internet.SendAsync(quoted, Json.Cancel);
        await AssertProblemAsync(quotedAnswer, HttpStatusCode.BadGateway, id: null);
        Assert.NotEqual("a\"b\\c", quotedAnswer.Headers.GetValues("X-Request-Id").Single());
        // nginx's access line still names the request's path, not where its problem was made.
        var logged = await Poll.Until(() => Task.FromResult(nginx.Output), output => output.Contains("\" 502 ", StringComparison.Ordinal));
        Assert.Contains("\"PUT /api/v1/rooms/room-1/states/1 HTTP/", logged);
        Assert.DoesNotContain("/nginx-problem", logged);
    }

    /// <summary>Gateways that take the request and never answer within nginx's read timeout (shortened here): nginx's 504.</summary>
    [Fact]
    public async Task AGatewayTooSlowIsAGatewayTimeoutProblem()
    {
        await using var slow = await RecordingUpstream.StartAsync();
        slow.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        await using var nginx = await Nginx.StartInFrontOfAsync(slow.BaseUrl,
            text => text.Replace("proxy_read_timeout 60s;", "proxy_read_timeout 1s;", StringComparison.Ordinal));
        using var internet = nginx.CreateClient();

        using var read = Request(HttpMethod.Get, "/api/v1/rooms/room-1");
        await AssertProblemAsync(await internet.SendAsync(read, Json.Cancel), HttpStatusCode.GatewayTimeout);
    }
}
