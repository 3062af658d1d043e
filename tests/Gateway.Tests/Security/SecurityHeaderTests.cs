using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests.Security;

public sealed class SecurityHeaderTests
{
    static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    /// <summary>
    /// Agora's answer headers do not speak for the gateway: no CORS grant, cookie, HSTS, banner, cache validator or
    /// lifetime, link or language of Agora's, nor a header of a name no one could list beforehand, reaches a client, on a
    /// forwarded route or the passthrough; what describes the body's type does.
    /// </summary>
    [Fact]
    public async Task AgorasOwnAnswerHeadersDoNotReachTheClient()
    {
        var unlisted = "X-" + Guid.NewGuid().ToString("N");
        string[] agoras = ["Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Set-Cookie", "X-Powered-By",
            "Strict-Transport-Security", "Server", "X-Agora-Node", "ETag", "Last-Modified", "Expires", "Link", "Content-Language", unlisted];
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowCredentials = "true";
            headers.SetCookie = "agora=1; Path=/";
            headers["X-Powered-By"] = "agora";
            headers.StrictTransportSecurity = "max-age=0";
            headers.Server = "agora";
            headers["X-Agora-Node"] = "node-7";
            // What would let a cache keep or revalidate the answer, or describe it beyond its type and length.
            headers.ETag = "\"v1\"";
            headers.LastModified = "Mon, 30 Nov 2026 00:00:00 GMT";
            headers.Expires = "Mon, 30 Nov 2099 00:00:00 GMT";
            headers.Link = "<https://agora.example/next>; rel=next";
            headers.ContentLanguage = "zh";
            headers[unlisted] = "agora";
            return RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":{"list":[]}}""");
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        teacher.DefaultRequestHeaders.Add("Origin", "https://elsewhere.example");
        admin.DefaultRequestHeaders.Add("Origin", "https://elsewhere.example");

        HttpResponseMessage[] answers =
        [
            await teacher.GetAsync("/api/v1/rooms/room-1/records", Json.Cancel),
            await admin.GetAsync($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/records", Json.Cancel),
        ];

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
            Assert.All(agoras, name => Assert.False(answer.Headers.NonValidated.Contains(name) || answer.Content.Headers.NonValidated.Contains(name), name));
            AssertHardened(answer);
        });
    }

    [Fact]
    public async Task EveryKindOfAnswerCarriesTheSecurityHeadersAndApiAnswersAreNotStored()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            context.Response.Headers.CacheControl = "public, max-age=600";
            return RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":[]}""");
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var anonymous = gateway.CreateClient();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        HttpResponseMessage[] answers =
        [
            await anonymous.GetAsync("/healthz", Json.Cancel),
            await anonymous.PostAsync("/api/v1/rtm-token", null, Json.Cancel),
            await student.GetAsync("/api/v1/rooms/room-2/resources", Json.Cancel),
            await student.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel),
            await student.PostAsync("/api/v1/rtm-token", null, Json.Cancel),
            await anonymous.GetAsync("/api/v1/nowhere", Json.Cancel),
        ];

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound],
            answers.Select(a => a.StatusCode));
        Assert.All(answers, AssertHardened);
        Assert.All(answers, a => Assert.True(a.Headers.CacheControl?.NoStore, $"{a.RequestMessage?.RequestUri}: {a.Headers.CacheControl}"));
        Assert.All(answers, a => Assert.Contains("default-src 'none'", a.Headers.GetValues("Content-Security-Policy").Single()));
    }

    /// <summary>
    /// Outside Development with an HTTPS port, plain HTTP is redirected, but not the probes and the metrics: kubelet, a
    /// container's health check and a scraper call the instance itself over HTTP and follow no redirect.
    /// </summary>
    [Fact]
    public async Task PlainHttpIsRedirectedButTheProbesAndMetricsAnswer()
    {
        var settings = GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"), ("HTTPS_PORT", "443"));
        await using var gateway = new GatewayFactory(settings, environment: "Production");
        using var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var api = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        // Every spelling routing answers: any case, a trailing slash.
        var answers = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/healthz", "/healthz/", "/HEALTHZ", "/metrics", "/metrics/", "/Metrics/" })
        {
            answers.Add(await client.GetAsync(path, Json.Cancel));
        }
        var readiness = new[] { await client.GetAsync("/readyz", Json.Cancel), await client.GetAsync("/readyz/", Json.Cancel) };

        Assert.Equal(HttpStatusCode.TemporaryRedirect, api.StatusCode);
        Assert.Equal("https://localhost/api/v1/rtm-token", api.Headers.Location?.ToString());
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.All(readiness, answer => Assert.NotEqual(HttpStatusCode.TemporaryRedirect, answer.StatusCode));
    }

    /// <summary>
    /// A JWT sent over plain HTTP where the gateway redirects to HTTPS has crossed the network in clear, and the gateway
    /// cannot take it back; the redirect sends none back with it. Neither the bearer's call's <c>Location</c> nor that of
    /// a call with the JWT in its query (<c>access_token=</c>, or under a name of the client's own) holds it, and no log
    /// line does. Sent on a socket, as a client library may rewrite the query.
    /// </summary>
    [Fact]
    public async Task ARedirectToHttpsEchoesNoCredentialAndLogsNone()
    {
        var logs = new CapturedLogs();
        var settings = GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"), ("HTTPS_PORT", "443"));
        await using var gateway = new GatewayFactory(settings, environment: "Production") { Logs = logs };
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Student("room-1").Sign();

        var answers = new[]
        {
            await RawHttp.SendAsync(server, "POST", "/api/v1/rtm-token", jwt),
            await RawHttp.SendAsync(server, "GET", $"/api/v1/rooms/room-1/events/stream?access_token={jwt}", ""),
            await RawHttp.SendAsync(server, "GET", $"/api/v1/rooms/room-1/resources?id_token={jwt}", ""),
        };

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.TemporaryRedirect, answer.Status));
        Assert.Equal([$"https://{server.Host}/api/v1/rtm-token", $"https://{server.Host}/api/v1/rooms/room-1/events/stream?access_token=redacted",
            $"https://{server.Host}/api/v1/rooms/room-1/resources?id_token=redacted"], answers.Select(LocationOf));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(jwt, StringComparison.Ordinal) || line.Contains(jwt.Split('.')[1], StringComparison.Ordinal));
    }

    static string? LocationOf(RawHttp.Answer answer) => answer.Head.Split("\r\n")
        .FirstOrDefault(line => line.StartsWith("Location:", StringComparison.OrdinalIgnoreCase))?["Location:".Length..].Trim();

    /// <summary>
    /// Outside Development without an HTTPS port (the proxy in front redirects plain HTTP itself), plain HTTP is answered,
    /// and the instance says so once, as it starts (not among any request's lines), where the framework's middleware would
    /// warn that it "failed to determine the https port" on every start of a correctly configured deployment.
    /// </summary>
    [Fact]
    public async Task WithoutAnHttpsPortPlainHttpIsAnsweredAndSaidOnceWithoutAWarning()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9")), environment: "Production")
        {
            Logs = logs,
        };
        using var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        var saidAtStart = logs.Lines.Count(line => line.Contains("Plain HTTP is not redirected to HTTPS", StringComparison.Ordinal));

        var answers = new[] { await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel), await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel) };

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("determine the https port", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, saidAtStart);
        Assert.Single(logs.Lines, line => line.Contains("Plain HTTP is not redirected to HTTPS", StringComparison.Ordinal));
    }

    /// <summary>
    /// Outside Development, an answer that came over HTTPS carries <c>Strict-Transport-Security</c>, and one over plain
    /// HTTP does not (RFC 6797 §7.2). Behind a TLS-terminating proxy, with forwarded headers enabled, HTTPS is what the
    /// client saw (<c>X-Forwarded-Proto</c>); the host is the school's, as HSTS leaves out localhost.
    /// </summary>
    [Fact]
    public async Task AnswersOverHttpsAsTheClientSawThemCarryHsts()
    {
        var settings = GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"), ("FORWARDEDHEADERS_ENABLED", "true"));
        await using var gateway = new GatewayFactory(settings, environment: "Production");
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        Task<HttpResponseMessage> Mint(string? proto)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
            request.Headers.Host = "classroom.school.example";
            if (proto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", proto);
            }
            return client.SendAsync(request, Json.Cancel);
        }

        var overHttps = await Mint("https");
        var overHttp = await Mint(null);

        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
        Assert.StartsWith("max-age=", overHttps.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal(HttpStatusCode.OK, overHttp.StatusCode);
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task SwaggerUiIsHardenedWithAPolicyThatLetsItsOwnScriptsRun()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var page = await client.GetAsync("/swagger/index.html", Json.Cancel);
        var document = await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertHardened(page);
        AssertHardened(document);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task TheConsoleRunsOnlyItsOwnFilesAndTalksOnlyToThisGateway()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var page = await client.GetAsync("/console/", Json.Cancel);
        var script = await client.GetAsync("/console/client/index.js", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        AssertHardened(page);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("connect-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
    }
}
