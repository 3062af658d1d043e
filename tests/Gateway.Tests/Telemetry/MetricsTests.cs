using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Telemetry;

public sealed class MetricsTests
{
    /// <summary>
    /// Every gateway of this test process publishes into the one meter name, so other tests' traffic shows here too:
    /// counts without a tag of this test's own are asserted as lower bounds.
    /// </summary>
    [Fact]
    public async Task MetricsAreServedInPrometheusFormatAfterTraffic()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
        var metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
        using var lag = new MetricCollector<double>(gateway.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName,
            "gateway.events.poller.lag");
        var cache = "test-" + Guid.NewGuid().ToString("N");
        metrics.CacheLookup(hit: true, cache);
        metrics.CacheLookup(hit: false, cache);
        metrics.CacheLookup(hit: false, cache);
        metrics.ReportPollerLag(TimeSpan.FromSeconds(2.5));

        var text = await Poll.Until(
            async () => await (await client.GetAsync("/metrics", Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel),
            body => body.Contains(cache, StringComparison.Ordinal) && body.Contains("gateway_events_poller_lag", StringComparison.Ordinal));
        var response = await client.GetAsync("/metrics", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(Value(text, "gateway_rtm_tokens_minted_total") >= 1);
        Assert.True(Value(text, "gateway_cache_lookups_total", @"cache_name=""rtm-tokens"",cache_result=""hit""") >= 1);
        Assert.True(Value(text, "gateway_cache_lookups_total", @"cache_name=""resources"",cache_result=""miss""") >= 1);
        Assert.True(Value(text, "gateway_upstream_duration_seconds_count", @"http_request_method=""GET""[^}]*http_response_status_code=""200""") >= 1);
        Assert.Equal(1, Value(text, "gateway_cache_lookups_total", $@"cache_name=""{cache}"",cache_result=""hit"""));
        Assert.Equal(2, Value(text, "gateway_cache_lookups_total", $@"cache_name=""{cache}"",cache_result=""miss"""));
        // The lag this gateway reported; at /metrics the last any poller of the test process reported.
        Assert.Equal(2.5, lag.LastMeasurement?.Value);
        Assert.True(Value(text, "gateway_events_poller_lag_seconds") >= 0);
        Assert.True(Value(text, "gateway_upstream_circuit_open") >= 0);
        Assert.Matches(@"(?m)^gateway_upstream_duration_seconds_bucket\{[^}]*le=""0.25""\} \d", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
    }

    /// <summary>
    /// A method's label is its canonical spelling, as the framework's own request metric writes it: routing takes a
    /// method in any case, and a label per spelling would let one caller multiply the series.
    /// </summary>
    [Fact]
    public async Task TheUpstreamMetricNamesAMethodInOneSpelling()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var read = new HttpRequestMessage(new HttpMethod("gEt"), "/api/v1/rooms/room-1/sequences");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read, Json.Cancel)).StatusCode);
        var text = await (await client.GetAsync("/metrics", Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel);

        Assert.Single(upstream.Requests);
        Assert.True(Value(text, "gateway_upstream_duration_seconds_count", @"http_request_method=""GET""") >= 1);
        Assert.DoesNotContain(@"http_request_method=""gEt""", text, StringComparison.Ordinal);
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels match <paramref name="labels"/>.</summary>
    static double Value(string text, string metric, string labels = "")
    {
        var match = Regex.Match(text, $@"(?m)^{metric}\{{[^}}]*{labels}[^}}]*\}} (\S+)");
        Assert.True(match.Success, $"no {metric} sample with {labels}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
