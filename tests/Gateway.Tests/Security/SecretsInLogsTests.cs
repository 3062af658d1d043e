using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Security;

/// <summary>
/// A whole session — sign-in, minting, a join, forwarding, upstream errors, bad and forged tokens, a dead upstream — with
/// every log line captured at Trace: not one may hold a JWT, an Agora token (RTM, room-user or the gateway's app token),
/// the app certificate or the signing key.
/// </summary>
public sealed partial class SecretsInLogsTests
{
    /// <summary>Any AccessToken2 as the gateway writes them (<c>007</c>, then base64 of a zlib stream), whoever it is for.</summary>
    [GeneratedRegex("(?<![A-Za-z0-9+/=])007[A-Za-z0-9+/=]{60,}")]
    private static partial Regex AgoraToken();

    static async Task<string> DevToken(HttpClient client, string sub, string role) =>
        (await (await client.PostAsJsonAsync("/dev/token", new { sub, roles = new[] { role }, rooms = new[] { "room-1" } }, Json.Cancel))
            .ReadJson()).GetProperty("data").GetProperty("token").GetString()!;

    [Fact]
    public async Task NoSecretReachesAnyLogLineOfAFullSession()
    {
        var logs = new CapturedLogs();
        var secrets = new List<string> { AgoraSandbox.AppCertificate, SandboxMode.SigningKey };
        await using (var sandbox = new GatewayFactory { Logs = logs })
        {
            using var anonymous = sandbox.CreateClient();
            var teacherJwt = await DevToken(anonymous, "teacher-1", "teacher");
            var adminJwt = await DevToken(anonymous, "admin-1", "admin");
            using var teacher = sandbox.CreateClient(teacherJwt);
            using var admin = sandbox.CreateClient(adminJwt);
            var rtm = (await (await teacher.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).ReadJson())
                .GetProperty("data").GetProperty("token").GetString()!;
            await teacher.PostAsync("/api/v1/rooms/room-1", Json.Body("""{"roomName":"Algebra","roomType":4}"""), Json.Cancel);
            var launch = (await (await teacher.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel)).ReadJson()).GetProperty("data");
            var roomUser = launch.GetProperty("token").GetString()!;
            Assert.Matches(AgoraToken(), roomUser);
            Assert.Matches(AgoraToken(), rtm);
            secrets.AddRange([teacherJwt, adminJwt, rtm, roomUser, launch.GetProperty("rtmToken").GetString()!]);

            await teacher.PostAsync("/api/v1/rooms/room-1", Json.Body("""{"roomName":"Algebra","roomType":4}"""), Json.Cancel);
            await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
            await teacher.PutAsync("/api/v1/rooms/room-1/states/9", null, Json.Cancel);
            await teacher.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
            await teacher.GetAsync("/api/v1/rooms/nowhere/sequences", Json.Cancel);
            await teacher.PostAsync("/api/v1/rooms/room-1", Json.Body("{\"roomName\":\"" + rtm + "\",\"roomType\":"), Json.Cancel);
            await admin.GetAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/sequences", Json.Cancel);
            await admin.GetAsync("/edu/apps/00000000000000000000000000000000/v2/rooms/room-1", Json.Cancel);
            await anonymous.GetAsync("/readyz", Json.Cancel);
            await anonymous.GetAsync("/metrics", Json.Cancel);

            using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources");
            forged.Headers.Add("x-agora-token", rtm);
            forged.Headers.Add("Cookie", $"session={teacherJwt}");
            await teacher.SendAsync(forged, Json.Cancel);

            var expired = new TestJwt { Now = DateTimeOffset.UtcNow.AddHours(-2), Lifetime = TimeSpan.FromMinutes(5) }.Sign();
            var wrongKey = new TestJwt { Key = TestJwt.RandomKey() }.Sign();
            var unsigned = new TestJwt().SignNone();
            secrets.AddRange([expired, wrongKey, unsigned]);
            foreach (var bad in new[] { expired, wrongKey, unsigned, rtm, "eyJhbGciOiJIUzI1NiJ9.not-a-payload.sig", teacherJwt + "x" })
            {
                using var client = sandbox.CreateClient(bad);
                var refused = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                var problem = await refused.Content.ReadAsStringAsync(Json.Cancel);
                Assert.DoesNotContain("eyJ", problem);
                Assert.DoesNotMatch(AgoraToken(), problem);
            }
        }
        await using (var dead = new GatewayFactory(GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9"))) { Logs = logs })
        {
            using var teacher = dead.CreateClient(TestJwt.Teacher("room-1").Sign());
            await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
            await teacher.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
        }

        var lines = logs.Lines.ToArray();
        Assert.True(lines.Length > 100, $"only {lines.Length} lines were captured: is Trace logging on?");
        Assert.Contains(lines, line => line.Contains("Forwarding to Agora failed", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("eyJ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => AgoraToken().IsMatch(line));
        foreach (var secret in secrets.Concat([Base64UrlEncoder.Encode(Convert.FromBase64String(SandboxMode.SigningKey))]))
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// An operator's console, at the shipped levels (appsettings.json): refused bearer tokens and tickets write nothing. ASP.NET
    /// Core's sign-in logs each refusal at Information with IdentityModel's message, which names the keys tried by their
    /// thumbprint (a digest of the signing key), and the exception's stack: one caller with bad tokens would fill the log.
    /// </summary>
    [Fact]
    public async Task RefusedTokensWriteNothingAtTheShippedLevels()
    {
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Events:PollingEnabled", "false"));
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        var started = gateway.Output.Length;

        foreach (var bad in new[] { new TestJwt { Key = TestJwt.RandomKey() }.Sign(), new TestJwt { Issuer = "https://other.school" }.Sign(),
            new TestJwt { Now = DateTimeOffset.UtcNow.AddHours(-2) }.Sign(), TestJwt.Teacher("room-1").Sign() + "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources");
            request.Headers.Authorization = new("Bearer", bad);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request, Json.Cancel)).StatusCode);
        }
        // A stream's ticket is a sign-in too, and anyone may send one.
        foreach (var ticket in new[] { "bogus", new string('A', 43) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/rooms/room-1/events/stream?ticket={ticket}", Json.Cancel)).StatusCode);
        }
        await gateway.DisposeAsync();

        var written = gateway.Output[started..];
        Assert.DoesNotContain("EventTicketHandler", written);
        Assert.DoesNotContain("IDX", written);
        Assert.DoesNotContain("   at ", written);
        Assert.DoesNotContain("Bearer", written);
    }

    /// <summary>
    /// At the shipped levels a request that goes well writes nothing: a forwarded read, a cached read, a write, a token and
    /// a join. What the gateway writes first after them is the warning of a forward that failed, made last, so the console's
    /// queue has written everything before it.
    /// </summary>
    [Fact]
    public async Task RequestsThatGoWellWriteNothingAtTheShippedLevels()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => context.Request.Path.Value!.EndsWith("/states/2", StringComparison.Ordinal)
            ? RecordingUpstream.Abort(context)
            : RecordingUpstream.Reply(context, 200,
                """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-1","roomName":"Maths","state":1,"createTime":1,"roomProperties":{"roomType":4}}}""");
        var environment = Events.EventTestSettings.ProcessEnvironment(upstream.BaseUrl, ("Events:PollingEnabled", "false"));
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        var started = gateway.Output.Length;

        HttpStatusCode[] answers =
        [
            (await teacher.GetAsync("/api/v1/rooms/room-1/sequences", Json.Cancel)).StatusCode,
            (await teacher.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel)).StatusCode,
            (await teacher.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel)).StatusCode,
            (await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel)).StatusCode,
            (await teacher.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).StatusCode,
            (await teacher.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel)).StatusCode,
        ];
        var failed = await teacher.PutAsync("/api/v1/rooms/room-1/states/2", null, Json.Cancel);
        var output = await Poll.Until(() => Task.FromResult(gateway.Output[started..]), written => written.Contains("Forwarding to Agora failed", StringComparison.Ordinal));

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, answers.Length), answers);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.True(output.TrimStart().StartsWith("warn: Gateway.Forwarding.AgoraForwarder", StringComparison.Ordinal), output);
    }

    /// <summary>
    /// The client the event poller and the readiness check share names each call and its answer, never a header, in a
    /// line's text or its attributes (the framework's own logger redacts a header's value only in the text); the
    /// forwarder's logs nothing of its own, and YARP names each forwarded call without its headers.
    /// </summary>
    [Theory]
    [InlineData(UpstreamCredential.App)]
    [InlineData(UpstreamCredential.Caller)]
    public async Task TheGatewaysUpstreamClientsRedactCredentialHeadersInTheirLogs(UpstreamCredential credential)
    {
        var logs = new CapturedLogs();
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl,
            Events.EventTestSettings.Polling(more: [UpstreamCredentialAssert.SettingFor(credential)]))) { Logs = logs };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var forwarded = await teacher.GetAsync("/api/v1/rooms/room-1/records", Json.Cancel);
        var ready = await gateway.CreateClient().GetAsync("/readyz", Json.Cancel);
        var polled = await Poll.Until(() => Task.FromResult(upstream.Requests.Any(r => r.RawTarget.Contains("/polling/", StringComparison.Ordinal))),
            seen => seen);

        var tokens = upstream.Requests.Select(r => r.Header("authorization")).OfType<string>()
            .Select(value => value["agora token=\"".Length..^1]).Distinct().ToArray();
        var lines = logs.Lines.ToArray();
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(polled);
        // As the caller: the teacher's and the gateway's own service uid's; else the gateway's one app token.
        Assert.Equal(credential == UpstreamCredential.Caller ? 2 : 1, tokens.Length);
        var ofServiceClient = lines.Where(line => line.Contains("System.Net.Http.HttpClient.agora.", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(ofServiceClient, line => line.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(ofServiceClient, line => line.Contains("x-agora-", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(ofServiceClient, line => line.Contains("Received HTTP response headers", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("System.Net.Http.HttpClient.agora-forwarder.", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Proxying to", StringComparison.Ordinal) && line.Contains("/records", StringComparison.Ordinal));
        Assert.Contains(ofServiceClient, line => line.Contains("/polling/", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => tokens.Any(token => line.Contains(token, StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, line => line.Contains("agora token=", StringComparison.OrdinalIgnoreCase));
    }
}
