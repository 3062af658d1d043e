using System.Net;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Security;

public sealed class CorsTests
{
    const string School = "https://school.example";

    static GatewayFactory WithOrigins(Uri upstream, params string[] origins) => GatewayFactory.InFrontOf(upstream,
        origins.Select((origin, i) => ($"Cors:AllowedOrigins:{i}", (string?)origin)).ToArray());

    static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/rtm-token");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        // As a page sends them, its calls traced by OpenTelemetry's browser instrumentation.
        request.Headers.Add("Access-Control-Request-Headers", "authorization,baggage,content-type,last-event-id,traceparent,tracestate,x-request-id");
        return request;
    }

    static HttpRequestMessage MintFrom(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
        request.Headers.Add("Origin", origin);
        return request;
    }

    /// <summary>The names a CORS header lists, lower-cased and in order.</summary>
    static string[] ListIn(HttpResponseMessage answer, string header) =>
        [.. answer.Headers.GetValues(header).SelectMany(value => value.Split(',')).Select(name => name.Trim().ToLowerInvariant()).Order(StringComparer.Ordinal)];

    /// <summary>A header outside the seven an allowed origin may send is not granted, so the browser sends nothing.</summary>
    [Fact]
    public async Task APreflightAskingForAnotherHeaderIsNotGrantedIt()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = WithOrigins(upstream.BaseUrl, School);
        using var client = gateway.CreateClient();
        using var preflight = Preflight(School);
        preflight.Headers.Remove("Access-Control-Request-Headers");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,x-agora-token");

        var answer = await client.SendAsync(preflight, Json.Cancel);

        Assert.DoesNotContain("x-agora-token", answer.Headers.TryGetValues("Access-Control-Allow-Headers", out _) ? ListIn(answer, "Access-Control-Allow-Headers") : []);
    }

    [Fact]
    public async Task AnAllowedOriginGetsCorsHeadersOnPreflightAndOnTheRequest()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = WithOrigins(upstream.BaseUrl, School + "/", "http://localhost:5173");
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var preflight = await client.SendAsync(Preflight(School), Json.Cancel);
        var actual = await client.SendAsync(MintFrom(School), Json.Cancel);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(School, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(["authorization", "baggage", "content-type", "last-event-id", "traceparent", "tracestate", "x-request-id"], ListIn(preflight, "Access-Control-Allow-Headers"));
        Assert.Contains("POST", string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Equal(School, actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(["retry-after", "www-authenticate", "x-cache-status", "x-request-id"], ListIn(actual, "Access-Control-Expose-Headers"));
        Assert.False(actual.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    /// <summary>
    /// With origins configured, whether an answer grants an origin depends on the request's <c>Origin</c>, so every answer
    /// says so (RFC 9110 12.5.5): a shared cache must not hand the school's page an answer made for another origin, or for
    /// none. The framework says it only on an answer that grants one of several origins.
    /// </summary>
    [Theory]
    [InlineData(School)]
    [InlineData("https://elsewhere.example")]
    [InlineData(null)]
    public async Task EveryAnswerVariesByOriginWhenOriginsAreConfigured(string? origin)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        foreach (var origins in new[] { new[] { School }, [School, "http://localhost:5173"] })
        {
            await using var gateway = WithOrigins(upstream.BaseUrl, origins);
            using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            var answer = await client.SendAsync(request, Json.Cancel);

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(["Origin"], answer.Headers.Vary.Where(name => name.Equals("Origin", StringComparison.OrdinalIgnoreCase)));
        }
    }

    /// <summary>Every method the gateway's routes take is one a browser from an allowed origin may send.</summary>
    [Fact]
    public async Task EveryMethodTheRoutesTakeIsAllowedToTheSchoolsOrigins()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = WithOrigins(upstream.BaseUrl, School);
        using var client = gateway.CreateClient();
        var methods = GatewayRoutes.Of(gateway.Services).Select(r => r.Method).Where(m => m is not ("HEAD" or "OPTIONS")).Distinct().ToList();

        foreach (var method in methods)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/rooms/room-1/records/states/1");
            preflight.Headers.Add("Origin", School);
            preflight.Headers.Add("Access-Control-Request-Method", method);
            var answer = await client.SendAsync(preflight, Json.Cancel);

            Assert.Contains(method, string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Methods")).Split(','));
        }
        Assert.Contains("PATCH", methods);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://school.example")]
    [InlineData("https://school.example.evil.example")]
    [InlineData("null")]
    public async Task AnyOtherOriginGetsNoCorsHeaders(string origin)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = WithOrigins(upstream.BaseUrl, School);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var preflight = await client.SendAsync(Preflight(origin), Json.Cancel);
        var actual = await client.SendAsync(MintFrom(origin), Json.Cancel);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(actual.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WithoutConfiguredOriginsNoOriginIsAllowed()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var preflight = await client.SendAsync(Preflight(School), Json.Cancel);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("school.example")]
    [InlineData("https://school.example/app")]
    [InlineData("*")]
    [InlineData("https://*.school.example")]
    [InlineData("ftp://school.example")]
    [InlineData("https://teacher:fedcba9876543210fedcba9876543210@school.example")]
    [InlineData("https://school.example/app?key=fedcba9876543210fedcba9876543210")]
    public async Task AnOriginThatIsNotOneRefusesTheStartNamingTheKey(string origin)
    {
        // A real process: an in-memory host that fails to start can race its own disposal and report that instead.
        var environment = EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Cors:AllowedOrigins:0", origin));

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exit.Code);
        Assert.Contains("Cors:AllowedOrigins", exit.Output);
        Assert.DoesNotContain("fedcba9876543210fedcba9876543210", exit.Output);
    }

    /// <summary>An operator sets a list in one variable as often as item by item: both are the list.</summary>
    [Theory]
    [InlineData("https://school.example")]
    [InlineData("https://school.example,http://localhost:5173")]
    [InlineData("http://localhost:5173 https://school.example/")]
    public async Task OriginsGivenAsOneValueAreTheList(string origins)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, ("Cors:AllowedOrigins", origins));
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var preflight = await client.SendAsync(Preflight(School), Json.Cancel);
        var other = await client.SendAsync(Preflight("https://elsewhere.example"), Json.Cancel);

        Assert.Equal(School, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
