using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Gateway.Configuration;
using Gateway.Tests.Support;

namespace Gateway.Tests.Telemetry;

public sealed partial class CorrelationTests
{
    static async Task<(HttpResponseMessage Response, RecordingUpstream.Received Received)> GetResources(string? requestId)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources");
        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        }
        var response = await client.SendAsync(request, Json.Cancel);
        return (response, Assert.Single(upstream.Requests));
    }

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("client-req:2026-11-25T10:00:00Z/42")]
    public async Task AnAcceptableRequestIdIsReturnedAndForwarded(string requestId)
    {
        var (response, received) = await GetResources(requestId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(requestId, received.Header("x-request-id"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\there")]
    public async Task AMissingOrUnacceptableRequestIdIsReplacedByANewOne(string? requestId)
    {
        var (response, received) = await GetResources(requestId);

        var returned = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", returned);
        Assert.Equal(returned, received.Header("x-request-id"));
    }

    /// <summary>The gateway's own calls of Agora for a request (the room query, the join's) carry its id as a forwarded call does.</summary>
    [Theory]
    [InlineData("GET", "/api/v1/rooms/room-1")]
    [InlineData("POST", "/api/v1/rooms/room-1/join")]
    public async Task TheGatewaysOwnCallsForARequestCarryItsId(string method, string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Request-Id", "own-call-7");
        if (method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        await client.SendAsync(request, Json.Cancel);

        Assert.NotEmpty(upstream.Requests);
        Assert.All(upstream.Requests, received => Assert.Equal("own-call-7", received.Header("x-request-id")));
    }

    [Fact]
    public async Task ATooLongRequestIdIsReplaced()
    {
        var (response, _) = await GetResources(new string('a', 129));

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task EveryRequestWithoutAnIdGetsADifferentOne()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var ids = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.GetAsync("/healthz", Json.Cancel);
            ids.Add(response.Headers.GetValues("X-Request-Id").Single());
        }

        Assert.Equal(200, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Fact]
    public async Task ProblemsCarryTheRequestIdBesideTheirTraceIdAndLogLinesCarryItInTheirScope()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"))) { Logs = logs };
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/rooms/room-1/states/1");
        request.Headers.Add("X-Request-Id", "trace-me-7");

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("trace-me-7", response.Headers.GetValues("X-Request-Id").Single());
        Assert.False(string.IsNullOrEmpty((await response.ReadJson()).GetProperty("traceId").GetString()));
        Assert.Contains(logs.Lines, line => line.Contains("Forwarding to Agora failed", StringComparison.Ordinal)
            && line.Contains("CorrelationId=trace-me-7", StringComparison.Ordinal));
    }

    /// <summary>
    /// Routing's lines for a request (the endpoint it matched) carry the request id, as the gateway's own lines do: an
    /// operator who raises routing's level joins them to the rest of the request by it.
    /// </summary>
    [Fact]
    public async Task RoutingsLinesCarryTheRequestId()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"))) { Logs = logs };
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Request-Id", "routed-3");

        using var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var matched = Assert.Single(logs.Lines, line => line.StartsWith("Debug Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware: Request matched endpoint", StringComparison.Ordinal));
        Assert.Contains("CorrelationId=routed-3", matched, StringComparison.Ordinal);
    }

    /// <summary>
    /// The shipped console formatter, asked for scopes (<c>IncludeScopes</c>), writes each as its text: the request id must
    /// read there, not as the name of a type.
    /// </summary>
    [Fact]
    public async Task TheConsolesTextScopesNameTheRequestId()
    {
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Events:PollingEnabled", "false"));
        environment["Logging__Console__FormatterOptions__IncludeScopes"] = "true";
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/rooms/room-1/states/1");
        request.Headers.Add("X-Request-Id", "trace-me-8");

        await client.SendAsync(request, Json.Cancel);
        await Poll.Until(() => Task.FromResult(gateway.Output), output => output.Contains("Forwarding to Agora failed", StringComparison.Ordinal));
        await gateway.DisposeAsync();

        Assert.Contains("CorrelationId:trace-me-8", gateway.Output);
    }

    /// <summary>
    /// docs/security.md's recipe for structured logs, its <c>export</c> lines read from the page and set as they stand, makes
    /// the console write one JSON object per line, a request's lines carrying its id as the <c>CorrelationId</c> of a
    /// scope, and no secret: not the caller's token, nor the app certificate or the signing key the gateway was given.
    /// </summary>
    [Fact]
    public async Task TheDocumentedJsonRecipeWritesOneObjectALineWithTheRequestIdInItsScopes()
    {
        var recipe = JsonLogRecipe();
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Events:PollingEnabled", "false"));
        foreach (var (name, value) in recipe)
        {
            environment[name] = value;
        }
        var token = TestJwt.Teacher("room-1").Sign();
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/rooms/room-1/states/1");
        request.Headers.Add("X-Request-Id", "trace-me-9");

        await client.SendAsync(request, Json.Cancel);
        await Poll.Until(() => Task.FromResult(gateway.Output), output => output.Contains("Forwarding to Agora failed", StringComparison.Ordinal));
        await gateway.DisposeAsync();

        var output = gateway.Output;
        var entries = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            try
            {
                using var entry = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, entry.RootElement.ValueKind);
                return entry.RootElement.Clone();
            }
            catch (JsonException)
            {
                Assert.Fail($"A console line that is no JSON object of its own: {line}");
                throw;
            }
        }).ToList();
        var failure = Assert.Single(entries, entry => entry.TryGetProperty("Message", out var message)
            && message.GetString()!.StartsWith("Forwarding to Agora failed", StringComparison.Ordinal));
        Assert.True(failure.TryGetProperty("Scopes", out var scopes), failure.ToString());
        Assert.Contains(scopes.EnumerateArray(), scope => scope.ValueKind == JsonValueKind.Object
            && scope.TryGetProperty("CorrelationId", out var id) && id.GetString() == "trace-me-9");
        foreach (var secret in new[] { token, "eyJ", AgoraSandbox.AppCertificate, SandboxMode.SigningKey })
        {
            Assert.DoesNotContain(secret, output, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The variables of docs/security.md's <c>sh</c> block that follows its words on structured JSON lines.</summary>
    internal static List<(string Name, string Value)> JsonLogRecipe()
    {
        var page = File.ReadAllText(Repository.PathOf("docs/security.md"));
        var said = page.IndexOf("JSON lines", StringComparison.Ordinal);
        Assert.True(said >= 0, "docs/security.md no longer speaks of JSON lines");
        var block = FencedShell().Match(page, said);
        Assert.True(block.Success, "docs/security.md gives no sh block after its words on JSON lines");
        var recipe = Export().Matches(block.Groups[1].Value).Select(export => (export.Groups[1].Value, export.Groups[2].Value)).ToList();
        Assert.NotEmpty(recipe);
        return recipe;
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedShell();

    [GeneratedRegex(@"^export ([A-Za-z_][A-Za-z0-9_]*)=(\S*)$", RegexOptions.Multiline)]
    private static partial Regex Export();
}
