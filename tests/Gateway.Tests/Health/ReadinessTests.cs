using System.Net;
using System.Security.Cryptography;
using Gateway.Health;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Health;

/// <summary>
/// <c>/readyz</c> asks no sign-in: however fast anyone asks it, the gateway knocks on Agora, with its credential, once a
/// second at most, and at once again when the upstream's state changed.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    RecordingUpstream upstream = null!;
    GatewayFactory gateway = null!;
    HttpClient anonymous = null!;

    public async ValueTask InitializeAsync()
    {
        upstream = await RecordingUpstream.StartAsync();
        gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Clock = clock };
        anonymous = gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        anonymous.Dispose();
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task ReadinessRequestsShareOneKnockOnAgoraASecond()
    {

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await anonymous.GetAsync("/readyz", Json.Cancel));
        }
        answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => anonymous.GetAsync("/readyz", Json.Cancel))));
        var knocksAtFirst = upstream.Requests.Count;
        clock.Advance(UpstreamHealthCheck.Fresh);
        answers.Add(await anonymous.GetAsync("/readyz", Json.Cancel));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(1, knocksAtFirst);
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task AnUpstreamThatStopsAnsweringShowsAtTheNextKnock()
    {
        var before = await anonymous.GetAsync("/readyz", Json.Cancel);
        upstream.Respond = RecordingUpstream.Abort;
        var meanwhile = await anonymous.GetAsync("/readyz", Json.Cancel);
        clock.Advance(UpstreamHealthCheck.Fresh);
        var after = await anonymous.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }

    /// <summary>
    /// <c>/readyz</c> answers anyone, and the Ingress routes it: what it says names no host or port of the upstream or of
    /// Redis, else anyone learns what stands behind the gateway. The operator reads the host in the log instead, once when
    /// the check turns unhealthy, not once per readiness request, nor again when the circuit opens on the knocks' failures
    /// and the reason changes.
    /// </summary>
    [Fact]
    public async Task ReadinessNamesNoHostToAnyoneAndTheLogNamesItOncePerChange()
    {
        using var upstreamPort = new RefusingPort();
        using var redisPort = new RefusingPort();
        var logs = new CapturedLogs();
        await using var down = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstreamPort.Url,
            ("Redis:Configuration", $"127.0.0.1:{redisPort.Port}"))) { Clock = clock, Logs = logs };
        using var client = down.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await client.GetAsync("/readyz", Json.Cancel));
            clock.Advance(UpstreamHealthCheck.Fresh);
        }
        var said = await Task.WhenAll(answers.Select(answer => answer.Content.ReadAsStringAsync(Json.Cancel)));
        var checks = (await answers[0].ReadJson()).GetProperty("checks");
        var circuit = (await answers[^1].ReadJson()).GetProperty("checks").GetProperty("upstream").GetProperty("description").GetString();
        var warned = logs.Lines.Where(line => line.StartsWith("Warning Gateway.Health", StringComparison.Ordinal)
            && line.Contains("Check=upstream", StringComparison.Ordinal)).ToList();

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode));
        Assert.Equal("Unhealthy", checks.GetProperty("upstream").GetProperty("status").GetString());
        Assert.Equal("The upstream does not answer. Calls go to the primary host.", checks.GetProperty("upstream").GetProperty("description").GetString());
        Assert.Equal("Unhealthy", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.StartsWith("The circuit to the upstream is open", circuit, StringComparison.Ordinal);
        Assert.All(said, body => Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal));
        Assert.All(said, body => Assert.DoesNotContain($":{upstreamPort.Port}", body, StringComparison.Ordinal));
        Assert.All(said, body => Assert.DoesNotContain($":{redisPort.Port}", body, StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{upstreamPort.Port}", Assert.Single(warned), StringComparison.Ordinal);
    }

    /// <summary>An outage of the upstream that ends is two lines: a warning when the check turns unhealthy, and one when it is healthy again.</summary>
    [Fact]
    public async Task AnOutageThatEndsIsLoggedWhenItStartsAndWhenItEnds()
    {
        var logs = new CapturedLogs();
        await using var logged = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Clock = clock, Logs = logs };
        using var client = logged.CreateClient();
        async Task<HttpStatusCode> Ready()
        {
            var status = (await client.GetAsync("/readyz", Json.Cancel)).StatusCode;
            clock.Advance(UpstreamHealthCheck.Fresh);
            return status;
        }

        var statuses = new List<HttpStatusCode> { await Ready() };
        upstream.Respond = RecordingUpstream.Abort;
        statuses.Add(await Ready());
        statuses.Add(await Ready());
        upstream.Respond = context => RecordingUpstream.Reply(context, 404, """{"code":20404100,"msg":"Room not found","ts":1,"data":null}""");
        statuses.Add(await Ready());
        statuses.Add(await Ready());
        var said = logs.Lines.Where(line => line.Contains("Gateway.Health.ReadinessLog", StringComparison.Ordinal)).ToList();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(2, said.Count);
        Assert.StartsWith("Warning Gateway.Health.ReadinessLog: Readiness: upstream is Unhealthy: The upstream does not answer.", said[0], StringComparison.Ordinal);
        Assert.StartsWith("Information Gateway.Health.ReadinessLog: Readiness: upstream is Healthy again", said[1], StringComparison.Ordinal);
    }

    /// <summary>
    /// A check that throws is answered by the framework with the exception's message, which can name an endpoint (a Redis
    /// client's does) or quote the configuration: <c>/readyz</c> says the exception's kind alone.
    /// </summary>
    [Fact]
    public async Task ACheckThatThrowsIsSaidByTheKindOfItsExceptionAlone()
    {
        await using var throwing = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl))
        {
            TestServices = services => services.AddHealthChecks().AddCheck("throwing",
                () => throw new InvalidOperationException("No connection to 10.1.2.3:6379 is active"), tags: [HealthEndpoints.ReadyTag]),
        };

        var ready = await throwing.CreateClient().GetAsync("/readyz", Json.Cancel);
        var check = (await ready.ReadJson()).GetProperty("checks").GetProperty("throwing");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Equal("The check failed (InvalidOperationException).", check.GetProperty("description").GetString());
    }

    /// <summary>502, 503 and 504 are Agora's own failures, as the circuit breaker takes them: not ready.</summary>
    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task AnUpstreamAnsweringAGatewayErrorIsNotReady(int status)
    {
        upstream.Respond = context => RecordingUpstream.Reply(context, status, "<html>down for maintenance</html>", "text/html");

        var ready = await anonymous.GetAsync("/readyz", Json.Cancel);
        var check = (await ready.ReadJson()).GetProperty("checks").GetProperty("upstream");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.StartsWith($"The upstream answered {status}", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Agora answers every call in 3 s, within <c>Agora:TimeoutSeconds</c>: readiness, asked once a second (by a monitor,
    /// or by anyone), says it has not answered within its patience, but its knocks wait as long as a client's call and
    /// are not started again while one runs, so the circuit every call shares stays closed and clients are served.
    /// </summary>
    [Fact]
    public async Task ReadinessAskedWhileAgoraIsSlowWithinItsBoundLeavesTheCircuitClosed()
    {
        upstream.Respond = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
        };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var before = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var readiness = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            readiness.Add((await anonymous.GetAsync("/readyz", Json.Cancel)).StatusCode);
            clock.Advance(UpstreamHealthCheck.Fresh);
        }
        var after = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, readiness);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>
    /// A wrong app certificate fails every call a client makes with Agora's 401, while Agora's host still answers: readiness
    /// asks for a room with the gateway's credential and says so, naming the settings and not the certificate. The same
    /// gateway with the emulator's own certificate is ready.
    /// </summary>
    [Fact]
    public async Task AnUpstreamThatRefusesTheGatewaysCredentialIsNotReady()
    {
        await using var sandbox = new GatewayFactory();
        sandbox.StartServer();
        const string otherCertificate = "0123456789abcdef0123456789abcdef";
        var schoolKey = RandomNumberGenerator.GetBytes(32);
        await using var misconfigured = GatewayFactory.InFrontOf(sandbox.Emulator.BaseUrl,
            ("Agora:AppCertificate", otherCertificate), ("Auth:SigningKey", Convert.ToBase64String(schoolKey)));
        await using var configured = GatewayFactory.InFrontOf(sandbox.Emulator.BaseUrl);
        using var teacher = misconfigured.CreateClient((TestJwt.Teacher("room-1") with { Key = schoolKey }).Sign());

        var refusedCall = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var notReady = await misconfigured.CreateClient().GetAsync("/readyz", Json.Cancel);
        var said = await notReady.Content.ReadAsStringAsync(Json.Cancel);
        var check = (await notReady.ReadJson()).GetProperty("checks").GetProperty("upstream");
        var ready = await configured.CreateClient().GetAsync("/readyz", Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, refusedCall.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.StartsWith("The upstream refused the gateway's credential (401): check Agora:AppId and Agora:AppCertificate.",
            check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(otherCertificate, said, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
