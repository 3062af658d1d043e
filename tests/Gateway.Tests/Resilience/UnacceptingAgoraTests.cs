using System.Diagnostics.Metrics;
using System.Net;
using Gateway.Telemetry;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Resilience;

/// <summary>
/// An Agora host that never takes the connection (its packets dropped): connecting gives up at the handler's
/// <c>ConnectTimeout</c> (5 s within <c>Agora:TimeoutSeconds</c> 10), which .NET reports as a cancellation that is
/// neither the caller's nor the gateway's bound.
/// </summary>
public sealed class UnacceptingAgoraTests
{
    /// <summary>
    /// The join's and the room route's read of the room end as a forwarded call does: a 504 problem, one warning of the
    /// gateway's and nothing at Error, and the call counted in <c>gateway.upstream.duration</c> under its error, not an
    /// unhandled exception answered 500 and missing from the metric.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/rooms/room-1/join", "GET")]
    [InlineData("GET", "/api/v1/rooms/room-1", "GET")]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1", "PUT")]
    public async Task ACallAgoraNeverTakesIsAGatewayTimeoutWarnedOfAndCounted(string method, string path, string agorasMethod)
    {
        using var agora = await UnacceptingHost.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(agora.BaseUrl, ("Agora:TimeoutSeconds", "10"))) { Logs = logs };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var calls = new MetricCollector<double>(gateway.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName,
            "gateway.upstream.duration");

        var response = await teacher.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(logs.Lines, line => line.StartsWith("Warning Gateway.", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        var counted = Assert.Single(calls.GetMeasurementSnapshot());
        Assert.Equal("RequestTimedOut", counted.Tags["error.type"]);
        Assert.Equal(agorasMethod, counted.Tags["http.request.method"]);
    }

    /// <summary>
    /// A poll that could not even connect took nothing off Agora's queue: it is a failed poll, retried, and not one of
    /// <c>gateway.events.polls.given_up</c>, which tells an operator that events were lost, nor said to be a poll Agora
    /// did not answer within <c>Agora:TimeoutSeconds</c>, which had not passed.
    /// </summary>
    [Fact]
    public async Task APollThatCannotConnectIsAFailedPollNotOneGivenUp()
    {
        using var agora = await UnacceptingHost.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(agora.BaseUrl,
            EventTestSettings.Polling(more: ("Agora:TimeoutSeconds", "10")))) { Logs = logs };
        using var givenUp = gateway.Measure("gateway.events.polls.given_up");
        _ = gateway.Services;

        var failed = await Poll.Until(() => Task.FromResult(logs.Lines.FirstOrDefault(line => line.Contains("Polling Agora's event queue failed",
            StringComparison.Ordinal))), line => line is not null, TimeSpan.FromSeconds(30));

        Assert.Equal(0, givenUp.Sum());
        Assert.DoesNotContain("did not answer within", failed, StringComparison.Ordinal);
    }
}
