using System.Net;
using System.Text.RegularExpressions;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Telemetry;

public sealed class MetricsTests
{
    [Fact]
    public async Task MetricsAreServedInPrometheusFormatAfterTraffic()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
        var metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
        metrics.CacheLookup(hit: true);
        metrics.CacheLookup(hit: false);
        metrics.CacheLookup(hit: false);
        metrics.ReportPollerLag(TimeSpan.FromSeconds(2.5));

        var text = await Poll.Until(
            async () => await (await client.GetAsync("/metrics", Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel),
            body => body.Contains("gateway_events_poller_lag", StringComparison.Ordinal)
                && Regex.IsMatch(body, @"(?m)^gateway_rtm_tokens_minted_total(\{[^}]*\})? 2(\s|$)"));
        var response = await client.GetAsync("/metrics", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"(?m)^gateway_rtm_tokens_minted_total(\{[^}]*\})? 2(\s|$)", text);
        Assert.Matches(@"(?m)^gateway_upstream_duration_seconds_count\{[^}]*http_request_method=""GET""[^}]*http_response_status_code=""200""[^}]*\} 1(\s|$)", text);
        Assert.Matches(@"(?m)^gateway_cache_lookups_total\{[^}]*cache_result=""hit""[^}]*\} 1(\s|$)", text);
        Assert.Matches(@"(?m)^gateway_cache_lookups_total\{[^}]*cache_result=""miss""[^}]*\} 2(\s|$)", text);
        Assert.Matches(@"(?m)^gateway_events_poller_lag_seconds(\{[^}]*\})? 2\.5(\s|$)", text);
        Assert.Matches(@"(?m)^gateway_upstream_circuit_open(\{[^}]*\})? 0(\s|$)", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Matches(@"(?m)^gateway_upstream_duration_seconds_bucket\{[^}]*le=""0.25""\} \d", text);
    }
}
