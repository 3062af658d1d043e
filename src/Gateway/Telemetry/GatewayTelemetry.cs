using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Telemetry;

/// <summary>
/// OpenTelemetry: metrics of requests, upstream calls and the gateway's own instruments, scraped in Prometheus
/// format at <c>/metrics</c>; traces of requests and upstream calls, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. No client that calls Agora logs its headers, whose credential the
/// framework's logger redacts in a line's text but not in its attributes, which OTLP exports (<see cref="Upstream.AgoraCallLogger"/>).
/// </summary>
public static class GatewayTelemetry
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<LoopFailures>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("classroom-gateway"))
            // The meters that answer what operators ask (requests, connections, outgoing calls, the gateway's own),
            // not every meter ASP.NET Core has: each listened-to meter costs every request (rate-limit leases,
            // authorization and routing attempts), and none of those told more than the gateway's own metrics.
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                .AddMeter(GatewayMetrics.MeterName)
                .AddPrometheusExporter());
        // Spans are recorded only when something receives them: without an exporter, recording them was a third
        // of a request's CPU time (docs/benchmarks.md).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        options.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath);
                        options.EnrichWithHttpRequest = (activity, _) => DropBaggage(activity);
                    })
                    .AddHttpClientInstrumentation()
                    .AddSource("Yarp.ReverseProxy"))
                .UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// A client's W3C baggage is its own data, which ends at the gateway as its other headers do: the trace context
    /// (<c>traceparent</c>, <c>tracestate</c>) goes on to Agora, the baggage read with it would go on with every call.
    /// While traces are exported, OpenTelemetry's HTTP client instrumentation writes the request's baggage on each call
    /// itself; the handler's own propagator leaves it out (<see cref="TraceContextOnly"/>).
    /// </summary>
    static void DropBaggage(Activity activity)
    {
        foreach (var (key, _) in activity.Baggage.ToList())
        {
            activity.SetBaggage(key, null);
        }
        Baggage.ClearBaggage();
    }

    public static WebApplication MapGatewayMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithTags("Health").WithName("Metrics").ExcludeFromDescription()
            .WithMetadata(new Audit.NotAudited("serves the metrics, whatever the method, and changes nothing"));
        return app;
    }
}
