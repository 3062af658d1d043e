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
    static HttpRequestMessage RefusedInTheClientsTrace(string requestId) =>
        StudentsRead("room-2", ClientTraceparent, ("X-Request-Id", requestId));

    /// <summary>A member's read that is forwarded to Agora, with <paramref name="traceparent"/> and the client's <c>tracestate</c>.</summary>
    static HttpRequestMessage ResourcesReadInTrace(string traceparent) =>
        StudentsRead("room-1", traceparent, ("tracestate", ClientTracestate));

    /// <summary>A read of <paramref name="room"/>'s resources by a student of room-1, with <paramref name="traceparent"/> and <paramref name="headers"/>.</summary>
    static HttpRequestMessage StudentsRead(string room, string traceparent, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/rooms/{room}/resources");
        request.Headers.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>The gateway's environment in front of <paramref name="upstream"/>, exporting traces to <paramref name="collector"/> if one is given.</summary>
    static Dictionary<string, string> Environment(RecordingUpstream upstream, RefusingPort? collector)
    {
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl);
        if (collector is not null)
        {
            // Nothing listens there: export fails quietly in the background, which is all these tests need.
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString().TrimEnd('/');
        }
        return environment;
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
        using var noCollector = new RefusingPort();
        var environment = Environment(upstream, exported ? noCollector : null);
        if (hostingLogged)
        {
            environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        }
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        using var request = ResourcesReadInTrace(ClientTraceparent);
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
    /// A <c>traceparent</c> that is not W3C's (a malformed one, an all-zero trace id, two of them) is no trace context: the
    /// gateway ignores it, and the <c>tracestate</c> beside it, whether or not traces are exported, so neither reaches Agora
    /// as the client wrote it.
    /// </summary>
    [Theory]
    [InlineData(false, "not-a-traceparent")]
    [InlineData(false, "00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData(false, $"{ClientTraceparent}, {ClientTraceparent}")]
    [InlineData(true, "not-a-traceparent")]
    public async Task AMalformedTraceparentIsIgnoredAndNotSentUpstream(bool exported, string traceparent)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var noCollector = new RefusingPort();
        var environment = Environment(upstream, exported ? noCollector : null);
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        using var request = ResourcesReadInTrace(traceparent);

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = Assert.Single(upstream.Requests, r => r.RawTarget.Contains("/resources", StringComparison.Ordinal));
        Assert.Null(forwarded.Header("tracestate"));
        if (exported)
        {
            // The gateway's own span, in a trace of its own.
            Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", forwarded.Header("traceparent"));
            Assert.DoesNotContain(ClientTrace, forwarded.Header("traceparent"), StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(forwarded.Header("traceparent"));
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
