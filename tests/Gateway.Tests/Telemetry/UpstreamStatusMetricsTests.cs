using System.Net;
using Classroom.Agora;
using Gateway.Tests.Support;

namespace Gateway.Tests.Telemetry;

/// <summary>
/// Each call to Agora is counted under the status Agora answered it with, whatever the gateway made of it: a redirect the
/// gateway answers as a 502 problem is a 302 in <c>gateway.upstream.duration</c>, for a forwarded read, the passthrough and
/// the join's room query alike. Alone in the process, so that the counts are this test's.
/// </summary>
[Collection(nameof(ReadsProcessWideMetrics))]
public sealed class UpstreamStatusMetricsTests
{
    [Fact]
    public async Task EveryCallIsCountedUnderTheStatusAgoraAnsweredWith()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context =>
        {
            context.Response.Headers.Location = "http://127.0.0.1:9/elsewhere";
            return RecordingUpstream.Reply(context, 302, "");
        };
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        HttpStatusCode[] answers =
        [
            (await teacher.GetAsync("/api/v1/rooms/room-1/sequences", Json.Cancel)).StatusCode,
            (await teacher.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel)).StatusCode,
            (await admin.GetAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1/records", Json.Cancel)).StatusCode,
        ];
        var counted = (await gateway.CreateClient().GetStringAsync("/metrics", Json.Cancel)).Split('\n')
            .Where(line => line.StartsWith("gateway_upstream_duration_seconds_count", StringComparison.Ordinal));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.BadGateway, answer));
        Assert.EndsWith("http_request_method=\"GET\",http_response_status_code=\"302\"} 3", Assert.Single(counted), StringComparison.Ordinal);
    }
}
