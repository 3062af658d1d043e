using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Deploy;

/// <summary>deploy/compose.yaml: valid for Compose, two gateways from the Dockerfile behind nginx with Redis, secrets only from the environment.</summary>
public sealed class ComposeFileTests
{
    /// <summary>The services of the Compose file as Compose resolves it, with every secret set.</summary>
    static async Task<Dictionary<string, YamlMappingNode>> ServicesAsync()
    {
        var config = await Compose.ConfigAsync(Compose.File, Compose.Secrets, quiet: false);
        var stream = new YamlStream();
        stream.Load(new StringReader(config.Output));
        return ((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"]).Children
            .ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value);
    }

    [Fact]
    public async Task TheComposeFileIsValid()
    {
        var config = await Compose.ConfigAsync(Compose.File, Compose.Secrets, quiet: true);

        Assert.True(config.Code == 0, config.Output);
    }

    [Fact]
    public async Task AMisspelledFieldMakesItInvalid()
    {
        var broken = Compose.BrokenCopy(text => text.Replace("  healthcheck:", "  healthchek:", StringComparison.Ordinal));
        try
        {
            var config = await Compose.ConfigAsync(broken, Compose.Secrets, quiet: true);

            Assert.NotEqual(0, config.Code);
            Assert.Contains("healthchek", config.Output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("AGORA_APP_CERTIFICATE")]
    [InlineData("REDIS_PASSWORD")]
    [InlineData("AUTH_AUTHORITY")]
    public async Task ASecretLeftOutOfTheEnvironmentStopsItNamingTheVariable(string secret)
    {
        var config = await Compose.ConfigAsync(Compose.File, Compose.Secrets.Where(s => s.Key != secret).ToDictionary(), quiet: true);

        Assert.NotEqual(0, config.Code);
        Assert.Contains($"set {secret} to", config.Output);
        Assert.DoesNotContain(Compose.Secrets[secret], File.ReadAllText(Repository.PathOf(Compose.File)));
    }

    [Fact]
    public async Task TwoGatewaysBuiltFromTheDockerfileRunBehindNginxWithRedisAndHealthChecks()
    {
        var services = await ServicesAsync();

        var gateways = services.Where(s => s.Value.Children.ContainsKey("build")).ToList();
        Assert.Equal(2, gateways.Count);
        Assert.All(gateways, g =>
        {
            Assert.Equal("Dockerfile", ((YamlScalarNode)((YamlMappingNode)g.Value["build"])["dockerfile"]).Value);
            Assert.True(g.Value.Children.ContainsKey("healthcheck"));
            Assert.False(g.Value.Children.ContainsKey("ports"), $"{g.Key} publishes a port: it must be reachable only through nginx");
            var environment = (YamlMappingNode)g.Value["environment"];
            Assert.Equal("true", ((YamlScalarNode)environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]).Value);
            Assert.Equal("443", ((YamlScalarNode)environment["ASPNETCORE_HTTPS_PORT"]).Value);
            Assert.StartsWith("redis:6379,password=", ((YamlScalarNode)environment["Redis__Configuration"]).Value, StringComparison.Ordinal);
        });
        Assert.True(services["redis"].Children.ContainsKey("healthcheck"));
        var nginx = services["nginx"];
        Assert.True(nginx.Children.ContainsKey("healthcheck"));
        Assert.Equal(gateways.Select(g => g.Key).Order(), ((YamlMappingNode)nginx["depends_on"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order());
    }

    /// <summary>
    /// A stopped gateway container is given the time its own graceful stop may take before Docker kills it, as a
    /// Kubernetes pod is (README, "Stopping": the host's shutdown timeout, <see cref="Gateway.Configuration.GracefulStop"/>).
    /// Docker's default is 10 s, after which a stop that waited for a slow Agora or a Redis out of reach is killed with
    /// its audit entries and polled events neither written nor said to be lost.
    /// </summary>
    [Fact]
    public async Task EachGatewayIsGivenTheTimeItsGracefulStopTakes()
    {
        var services = await ServicesAsync();
        var gateways = services.Where(s => s.Value.Children.ContainsKey("build")).ToList();

        Assert.Equal(2, gateways.Count);
        Assert.All(gateways, g =>
        {
            Assert.True(g.Value.Children.TryGetValue("stop_grace_period", out var grace), $"{g.Key} has Docker's default 10 s to stop");
            var seconds = ((YamlScalarNode)grace).Value! switch
            {
                var m when m.EndsWith("m", StringComparison.Ordinal) => int.Parse(m[..^1], System.Globalization.CultureInfo.InvariantCulture) * 60,
                var s => int.Parse(s.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture),
            };
            var stop = Gateway.Configuration.GracefulStop.For(new Gateway.Configuration.AgoraOptions().TimeoutSeconds, Gateway.Redis.RedisConnection.CommandTimeout);
            Assert.True(seconds >= stop.TotalSeconds, $"{g.Key}: {seconds} s to stop, less than {stop.TotalSeconds} s");
        });
    }

    /// <summary>The room stream is passed on unbuffered and held open, and the gateway hears who the client is and how it came.</summary>
    [Fact]
    public void NginxStreamsEventsUnbufferedAndForwardsTheClientsAddressAndScheme()
    {
        var conf = File.ReadAllText(Repository.PathOf("deploy/nginx.conf"));
        // The HTTPS server's: the plain one's passes a stream's request on only for the gateway to refuse it.
        var tls = conf[conf.IndexOf("listen 443 ssl;", StringComparison.Ordinal)..];
        var stream = tls[tls.IndexOf("location ~ ^/api/v1/rooms/[^/]+/events/stream$", StringComparison.Ordinal)..];
        stream = stream[..stream.IndexOf('}', StringComparison.Ordinal)];

        Assert.Contains("proxy_buffering off;", stream);
        Assert.Matches(@"proxy_read_timeout \d+h;", stream);
        Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", conf);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", conf);
        Assert.Matches(@"server gateway-1:8080[^;]*;\s+server gateway-2:8080", conf);
    }

    /// <summary>
    /// nginx waits for a gateway's answer at least as long as a graceful stop gives the longest request (the join's three
    /// calls to Agora, each up to <c>Agora:TimeoutSeconds</c>, and the drop of the room's copies): a slow Agora is the
    /// gateway's own 504 problem, never nginx's 504 before it, with the write perhaps still to happen at Agora.
    /// </summary>
    [Fact]
    public void NginxWaitsForAnAnswerLongerThanTheGatewaysLongestRequest()
    {
        var conf = File.ReadAllText(Repository.PathOf("deploy/nginx.conf"));
        var timeouts = System.Text.RegularExpressions.Regex.Matches(conf, @"proxy_read_timeout (\d+)s;")
            .Select(m => TimeSpan.FromSeconds(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var longest = Gateway.Configuration.GracefulStop.For(new Gateway.Configuration.AgoraOptions().TimeoutSeconds, Gateway.Redis.RedisConnection.CommandTimeout);

        Assert.Equal(3, timeouts.Count); // reads, writes and the hop writes take; the stream's is in hours
        Assert.All(timeouts, timeout => Assert.True(timeout >= longest, $"nginx waits {timeout.TotalSeconds} s, the gateway up to {longest.TotalSeconds} s"));
    }

    /// <summary>
    /// The gateway's routing serves its metrics in any case and with a trailing slash; nginx, run from the shipped file,
    /// refuses every such spelling to the internet and passes the rest on.
    /// </summary>
    [Fact]
    public async Task NginxServesTheGatewayButNotItsMetricsInAnySpellingTheGatewayAnswers()
    {
        await using var gateway = new GatewayFactory();
        var instance = gateway.StartOnASocket();
        await using var nginx = await Nginx.StartInFrontOfAsync(instance);
        using var scraper = new HttpClient { BaseAddress = instance };
        using var internet = nginx.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await internet.GetAsync("/healthz", Json.Cancel)).StatusCode);
        foreach (var spelling in new[] { "/metrics", "/METRICS", "/Metrics", "/metrics/", "/Metrics/", "/%6detrics" })
        {
            Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync(spelling, Json.Cancel)).StatusCode);
            var answer = await internet.GetAsync(spelling, Json.Cancel);
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"nginx answered {spelling} with {(int)answer.StatusCode}");
        }
    }

    /// <summary>
    /// As the README's "Deploy" says of nginx: it ends TLS and has plain HTTP sent to HTTPS on the client's host, and passes
    /// the client's scheme on, which a gateway with forwarded headers enabled (as compose.yaml runs it) takes as what the
    /// client saw: its answer carries HSTS, which it sends only over HTTPS (and never for a loopback host, hence a school's).
    /// </summary>
    [Fact]
    public async Task NginxRedirectsPlainHttpAndTheGatewaySeesTheClientsScheme()
    {
        await using var gateway = new GatewayFactory(AsComposeRunsIt(new Uri("http://127.0.0.1:9")), environment: "Production");
        var instance = gateway.StartOnASocket();
        await using var nginx = await Nginx.StartInFrontOfAsync(instance);
        using var internet = nginx.CreateClient();
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = nginx.Plain };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
        request.Headers.Host = "classroom.school.example";
        request.Headers.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources?x=1");
        plainRequest.Headers.Host = "classroom.school.example";

        var minted = await internet.SendAsync(request, Json.Cancel);
        var redirected = await plain.SendAsync(plainRequest, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.StartsWith("max-age=", minted.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://classroom.school.example/api/v1/rooms/room-1/resources?x=1", redirected.Headers.Location?.ToString());
    }

    /// <summary>The gateway's settings as compose.yaml runs it behind nginx: forwarded headers trusted, 443 the HTTPS port.</summary>
    static Dictionary<string, string?> AsComposeRunsIt(Uri upstream) =>
        GatewayFactory.OutsideTheSandbox(upstream, ("FORWARDEDHEADERS_ENABLED", "true"), ("HTTPS_PORT", "443"));

    /// <summary>
    /// A plain HTTP request is not nginx's to redirect, which would send a credential in its query back in <c>Location</c>
    /// and leave a ticket good for its minute: nginx hands it to the gateway, which spends a stream ticket and refuses it
    /// (so that it opens nothing afterwards over HTTPS) and redirects a call with a JWT in its query without the JWT, under
    /// any name. The metrics stay out of reach over plain HTTP too.
    /// </summary>
    [Fact]
    public async Task NginxHandsPlainHttpToTheGatewayWhichSpendsATicketAndRedirectsWithoutACredential()
    {
        await using var queue = await Events.FakeEventQueue.StartAsync();
        await using var gateway = new GatewayFactory(AsComposeRunsIt(queue.BaseUrl), environment: "Production");
        var instance = gateway.StartOnASocket();
        await using var nginx = await Nginx.StartInFrontOfAsync(instance);
        var jwt = TestJwt.Student("room-1").Sign();
        using var internet = nginx.CreateClient();
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = nginx.Plain };
        plain.DefaultRequestHeaders.Host = "classroom.school.example";
        internet.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
        var issued = await (await internet.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel)).ReadJson();
        var ticket = issued.GetProperty("data").GetProperty("ticket").GetString()!;
        internet.DefaultRequestHeaders.Authorization = null;

        var overPlainHttp = await plain.GetAsync($"/api/v1/rooms/room-1/events/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        var withAJwt = await plain.GetAsync($"/api/v1/rooms/room-1/resources?access_token={jwt}", Json.Cancel);
        var withAJwtUnderAnyName = await plain.GetAsync($"/api/v1/rooms/room-1/resources?s={jwt}&x=1", Json.Cancel);
        var metrics = await plain.GetAsync("/metrics?token=1", Json.Cancel);
        var afterwards = await internet.GetAsync($"/api/v1/rooms/room-1/events/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead, Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, overPlainHttp.StatusCode);
        Assert.Null(overPlainHttp.Headers.Location);
        Assert.DoesNotContain(ticket, await overPlainHttp.Content.ReadAsStringAsync(Json.Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, withAJwt.StatusCode);
        Assert.Equal("https://classroom.school.example/api/v1/rooms/room-1/resources?access_token=redacted", withAJwt.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, withAJwtUnderAnyName.StatusCode);
        Assert.DoesNotContain(jwt.Split('.')[1], withAJwtUnderAnyName.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    /// <summary>
    /// nginx lets a body over the gateway's 1 MiB through (its own limit is 2 MiB), so the client gets the gateway's 413
    /// problem rather than nginx's page.
    /// </summary>
    [Fact]
    public async Task ABodyOverTheGatewaysLimitGetsTheGatewaysOwnProblemThroughNginx()
    {
        await using var gateway = new GatewayFactory();
        var instance = gateway.StartOnASocket();
        await using var nginx = await Nginx.StartInFrontOfAsync(instance);
        using var internet = nginx.CreateClient();
        internet.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        var body = new StringContent("{\"roomName\":\"" + new string('a', 1536 * 1024) + "\"}", System.Text.Encoding.UTF8, "application/json");

        var answer = await internet.PostAsync("/api/v1/rooms/room-1/join", body, Json.Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await answer.ReadJson()).GetProperty("status").GetInt32());
    }

    /// <summary>
    /// nginx's access log names every request, and a room stream's ticket travels in its query (an EventSource sends no
    /// header): the shipped log format writes the path without the query.
    /// </summary>
    [Fact]
    public async Task NginxLogsNoStreamTicket()
    {
        await using var gateway = new GatewayFactory();
        var instance = gateway.StartOnASocket();
        await using var nginx = await Nginx.StartInFrontOfAsync(instance);
        using var internet = nginx.CreateClient();
        internet.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        var issued = await (await internet.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel)).ReadJson();
        var ticket = issued.GetProperty("data").GetProperty("ticket").GetString()!;
        internet.DefaultRequestHeaders.Authorization = null;

        var opened = await internet.GetAsync($"/api/v1/rooms/room-1/events/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        opened.Dispose();
        var logged = await Poll.Until(() => Task.FromResult(nginx.Output), output => output.Contains("/events/stream", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("/api/v1/rooms/room-1/events/stream", logged);
        Assert.DoesNotContain(ticket, logged);
    }

    /// <summary>
    /// One id names a request from the edge in: nginx's access line ends with it, and it is the id of the gateway's log
    /// lines and answer (<c>X-Request-Id</c>): nginx's own for a client that sends none, the client's for one that does,
    /// a read's and a write's, which goes on through nginx's second hop.
    /// </summary>
    [Fact]
    public async Task OneIdNamesARequestInNginxsLineAndTheGatewaysLogAndAnswer()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        await using var nginx = await Nginx.StartInFrontOfAsync(gateway.StartOnASocket());
        using var internet = nginx.CreateClient();
        internet.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());

        using var read = await internet.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        using var write = await internet.PutAsync("/api/v1/rooms/room-1/properties", JsonContent.Create(new { properties = new { a = 1 } }), Json.Cancel);
        using var named = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1") { Headers = { { "X-Request-Id", "client-chosen-7" } } };
        using var namedAnswer = await internet.SendAsync(named, Json.Cancel);
        var ids = new[] { read, write, namedAnswer }.Select(answer => answer.Headers.GetValues("X-Request-Id").Single()).ToList();
        var logged = await Poll.Until(() => Task.FromResult(nginx.Output), output => ids.All(id => output.Contains(id, StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        Assert.Equal("client-chosen-7", ids[2]);
        Assert.All(ids[..2], id => Assert.Matches("^[0-9a-f]{32}$", id));
        foreach (var (answer, id) in new[] { read, write, namedAnswer }.Zip(ids))
        {
            Assert.Contains(logged.Split('\n'), line => line.EndsWith(" " + id, StringComparison.Ordinal)
                && line.Contains($"\" {(int)answer.StatusCode} ", StringComparison.Ordinal));
            Assert.Contains(logs.Lines, line => line.Contains($"CorrelationId={id}]", StringComparison.Ordinal) || line.Contains($"CorrelationId={id};", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// nginx's error log names the request of each line it writes, query and all: a stream request no gateway took (every
    /// instance stopped) would leave its ticket there unspent, still good for a stream until it expires. Over HTTPS, and over
    /// plain HTTP, where the gateway would have spent it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NginxLogsNoStreamTicketOfAStreamNoGatewayTook(bool tls)
    {
        await using var gateway = new GatewayFactory();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        var issued = await (await student.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel)).ReadJson();
        var ticket = issued.GetProperty("data").GetProperty("ticket").GetString()!;
        using var stopped = new RefusingPort();
        await using var nginx = await Nginx.StartInFrontOfAsync(stopped.Url);
        using var internet = nginx.CreateClient();
        internet.BaseAddress = tls ? nginx.Tls : nginx.Plain;

        using var refused = await internet.GetAsync($"/api/v1/rooms/room-1/events/stream?ticket={ticket}", Json.Cancel);
        // A read no gateway took after it: nginx's line of that one follows the stream's on the same error log.
        using var read = await internet.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var logged = await Poll.Until(() => Task.FromResult(nginx.Output), output => output.Contains("GET /api/v1/rooms/room-1 ", StringComparison.Ordinal));
        student.DefaultRequestHeaders.Authorization = null;
        await using var opened = await SseReader.OpenAsync(student, $"/api/v1/rooms/room-1/events/stream?ticket={ticket}");

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, opened.Response.StatusCode);
        Assert.DoesNotContain(ticket, logged);
    }

    /// <summary>
    /// What oversized headers get through nginx, as the README says: headers over the gateway's 32 KiB in all reach it and
    /// get its 431 problem; a single line over nginx's 32 KiB buffer gets nginx's own 400 problem
    /// (<see cref="NginxProblemTests"/>).
    /// </summary>
    [Fact]
    public async Task OversizedHeadersGetTheGatewaysAnswerOrNginxsForOneLineTooLong()
    {
        await using var gateway = new GatewayFactory();
        var instance = gateway.StartOnASocket();
        await using var nginx = await Nginx.StartInFrontOfAsync(instance);
        using var internet = nginx.CreateClient();

        using var many = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        for (var i = 0; i < 5; i++)
        {
            many.Headers.Add($"X-Big-{i}", new string('a', 8 * 1024));
        }
        var manyAnswer = await internet.SendAsync(many, Json.Cancel);
        using var one = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        one.Headers.Add("X-Big", new string('a', 33 * 1024));
        var oneAnswer = await internet.SendAsync(one, Json.Cancel);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, manyAnswer.StatusCode);
        Assert.Equal("application/problem+json", manyAnswer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(431, (await manyAnswer.ReadJson()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, oneAnswer.StatusCode);
        Assert.Equal("application/problem+json", oneAnswer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (await oneAnswer.ReadJson()).GetProperty("status").GetInt32());
    }
}
