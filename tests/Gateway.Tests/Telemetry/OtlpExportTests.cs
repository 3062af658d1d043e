using System.Net;
using System.Text;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Telemetry;

/// <summary>
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> sends all three signals over OTLP, as docs/security.md says: the spans of a request
/// and of its call to Agora, the metrics <c>/metrics</c> serves, and the log lines at the configured levels. A collector
/// on loopback receives them as OTLP/HTTP protobuf, whose strings are the UTF-8 bytes themselves, so each is found by
/// what it must name. A separate process, because the exporters and activity listeners are global to it.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task TracesMetricsAndLogsReachTheCollectorWithoutACredential()
    {
        await using var collector = await RecordingUpstream.StartAsync();
        collector.Respond = context => RecordingUpstream.Reply(context, 200, "", "application/x-protobuf");
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => context.Request.Path.Value!.EndsWith("/states/2", StringComparison.Ordinal)
            ? RecordingUpstream.Abort(context)
            : RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":{"list":[]}}""");
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl, ("Events:PollingEnabled", "false"));
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl.GetLeftPart(UriPartial.Authority);
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
        await using var gateway = await GatewayProcess.StartAsync(environment);
        var jwt = TestJwt.Teacher("room-1").Sign();
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", jwt);

        var read = await teacher.GetAsync("/api/v1/rooms/room-1/sequences", Json.Cancel);
        var failed = await teacher.PutAsync("/api/v1/rooms/room-1/states/2", null, Json.Cancel);
        var forwarded = upstream.Requests.First(r => r.RawTarget.Contains("/sequences", StringComparison.Ordinal));
        var calledAgora = upstream.BaseUrl.GetLeftPart(UriPartial.Authority) + forwarded.RawTarget;
        string[] traced = ["classroom-gateway", "/api/v1/rooms/room-1/sequences", calledAgora];
        string[] measured = ["gateway.upstream.duration", "http.server.request.duration"];
        string[] logged = ["Forwarding to Agora failed"];
        var exported = await Poll.Until(() => Task.FromResult(Exported(collector)), signals =>
            NamesAll(signals, "/v1/traces", traced) && NamesAll(signals, "/v1/metrics", measured) && NamesAll(signals, "/v1/logs", logged));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.All(traced, text => Assert.Contains(text, exported.GetValueOrDefault("/v1/traces", "")));
        Assert.All(measured, text => Assert.Contains(text, exported.GetValueOrDefault("/v1/metrics", "")));
        Assert.All(logged, text => Assert.Contains(text, exported.GetValueOrDefault("/v1/logs", "")));
        // The caller's JWT, the app token the gateway called Agora with, and the certificate stay out of every signal.
        var appToken = forwarded.Header("authorization")!["agora token=\"".Length..^1];
        string[] secrets = [jwt, appToken, Classroom.Agora.AgoraSandbox.AppCertificate];
        Assert.All(exported.Values, signal => Assert.All(secrets, secret => Assert.DoesNotContain(secret, signal)));
    }

    /// <summary>
    /// An operator who raises <c>System.Net.Http</c> to <c>Trace</c> while logs go over OTLP: the header lines of the gateway's
    /// own calls to Agora (the event queue, readiness, a room's details) are exported with their attributes, not only their
    /// text, and neither may hold the credential those calls carried — the app token, or a caller's RTM token and uid's.
    /// </summary>
    [Theory]
    [InlineData(Gateway.Configuration.UpstreamCredential.App)]
    [InlineData(Gateway.Configuration.UpstreamCredential.Caller)]
    public async Task TraceLogsOfTheGatewaysOwnCallsReachTheCollectorWithoutTheirCredential(Gateway.Configuration.UpstreamCredential credential)
    {
        await using var collector = await RecordingUpstream.StartAsync();
        collector.Respond = context => RecordingUpstream.Reply(context, 200, "", "application/x-protobuf");
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 200,
            """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-1","roomName":"Maths","state":1,"createTime":1,"roomProperties":{"roomType":4}}}""");
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl, ("Events:PollingEnabled", "false"),
            UpstreamCredentialAssert.SettingFor(credential));
        environment["Logging__LogLevel__System.Net.Http"] = "Trace";
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl.GetLeftPart(UriPartial.Authority);
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());

        var room = await teacher.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var ready = await teacher.GetAsync("/readyz", Json.Cancel);
        var read = upstream.Requests.First(r => r.RawTarget.EndsWith("/rooms/room-1", StringComparison.Ordinal));
        string[] logged = ["System.Net.Http.HttpClient.agora", "/rooms/room-1"];
        var exported = await Poll.Until(() => Task.FromResult(Exported(collector)), signals => NamesAll(signals, "/v1/logs", logged));

        Assert.Equal(HttpStatusCode.OK, room.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.All(logged, text => Assert.Contains(text, exported["/v1/logs"]));
        var tokens = upstream.Requests.Select(r => r.Header("authorization")).OfType<string>()
            .Select(value => value["agora token=\"".Length..^1]).Distinct().ToArray();
        Assert.NotEmpty(tokens);
        Assert.All(exported.Values, signal => Assert.All(tokens, token => Assert.DoesNotContain(token, signal)));
        Assert.All(exported.Values, signal => Assert.DoesNotContain("agora token=", signal));
        Assert.Equal(credential == Gateway.Configuration.UpstreamCredential.Caller, read.Header("x-agora-token") is not null);
    }

    /// <summary>Every body the collector received, as text, by the path it was posted to.</summary>
    static Dictionary<string, string> Exported(RecordingUpstream collector) => collector.Requests.ToArray()
        .GroupBy(r => r.RawTarget)
        .ToDictionary(g => g.Key, g => string.Concat(g.Select(r => Encoding.UTF8.GetString(r.Body))));

    static bool NamesAll(Dictionary<string, string> signals, string path, string[] texts) =>
        signals.TryGetValue(path, out var signal) && texts.All(text => signal.Contains(text, StringComparison.Ordinal));
}
