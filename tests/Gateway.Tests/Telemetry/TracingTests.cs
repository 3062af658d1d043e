using System.Net;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Telemetry;

/// <summary>
/// The gateway adds its own span to the trace context it sends Agora only while traces are exported: without an
/// exporter it starts no activity per request (several microseconds of CPU per forwarded call,
/// docs/benchmarks.md) and a client's <c>traceparent</c> goes on unchanged.
/// Separate processes, because activity listeners are global to a process.
/// </summary>
public sealed class TracingTests
{
    const string ClientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const string ClientTraceparent = $"00-{ClientTrace}-00f067aa0ba902b7-01";
    const string ClientTracestate = "school=7f3a,congo=t61rcWkgMzE";

    /// <summary>A request the policies refuse (a room outside the caller's), in the client's trace, with its own request id.</summary>
    static HttpRequestMessage RefusedInTheClientsTrace(string requestId)
    {
        var refused = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-2/resources");
        refused.Headers.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        refused.Headers.TryAddWithoutValidation("traceparent", ClientTraceparent);
        refused.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        return refused;
    }

    /// <summary>
    /// <paramref name="hostingLogged"/>: hosting's request lines logged (at <c>Information</c>), for which the runtime
    /// starts an activity per request that no one exports, and which reads the client's baggage as well.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task TraceContextIsSentUpstreamOnlyWhileTracesAreExported(bool exported, bool hostingLogged)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl);
        using var noCollector = new RefusingPort();
        if (exported)
        {
            // Nothing listens there: export fails quietly in the background, which is all this test needs.
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = noCollector.Url.ToString().TrimEnd('/');
        }
        if (hostingLogged)
        {
            environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        }
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources");
        request.Headers.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        request.Headers.TryAddWithoutValidation("traceparent", ClientTraceparent);
        request.Headers.TryAddWithoutValidation("tracestate", ClientTracestate);
        // W3C baggage (and its older form) is the client's own data, not trace context: it ends at the gateway.
        request.Headers.TryAddWithoutValidation("baggage", "userSecret=hunter3");
        request.Headers.TryAddWithoutValidation("Correlation-Context", "session=abc123");

        var response = await client.SendAsync(request, Json.Cancel);
        using var refused = RefusedInTheClientsTrace("request-7");
        var problem = await (await client.SendAsync(refused, Json.Cancel)).ReadJson();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The event poller calls the upstream too: only the forwarded read is this test's.
        var forwarded = Assert.Single(upstream.Requests, r => r.RawTarget.Contains("/resources", StringComparison.Ordinal));
        var sent = forwarded.Header("traceparent");
        // The vendors' part of the trace context goes on as the client sent it, whoever's span is the parent.
        Assert.Equal(ClientTracestate, forwarded.Header("tracestate"));
        Assert.Null(forwarded.Header("baggage"));
        Assert.Null(forwarded.Header("correlation-context"));
        if (hostingLogged)
        {
            // The unexported activity's id goes on, in the client's trace; a problem names the request id.
            Assert.Matches($"^00-{ClientTrace}-[0-9a-f]{{16}}-01$", sent);
            Assert.Equal("request-7", problem.GetProperty("traceId").GetString());
        }
        else if (exported)
        {
            // The gateway's own span, in the client's trace.
            Assert.Matches($"^00-{ClientTrace}-[0-9a-f]{{16}}-01$", sent);
            Assert.NotEqual(ClientTraceparent, sent);
            Assert.Matches($"^00-{ClientTrace}-[0-9a-f]{{16}}-01$", problem.GetProperty("traceId").GetString());
        }
        else
        {
            // Passed on as the client sent it, like any other header; a problem names the request id instead.
            Assert.Equal(ClientTraceparent, sent);
            Assert.Equal("request-7", problem.GetProperty("traceId").GetString());
        }
    }

    /// <summary>
    /// Hosting's own request lines (at <c>Information</c>) make the runtime start an activity per request, which no one
    /// exports: a problem still names the request id, as docs/security.md says, not that activity's id.
    /// </summary>
    [Fact]
    public async Task AProblemNamesTheRequestIdWhileNoTraceIsExportedWhateverActivityRuns()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl);
        environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        using var refused = RefusedInTheClientsTrace("request-8");

        var problem = await (await client.SendAsync(refused, Json.Cancel)).ReadJson();

        Assert.Equal("request-8", problem.GetProperty("traceId").GetString());
    }
}
