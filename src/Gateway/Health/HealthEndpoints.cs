using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary><c>/healthz</c>: the process lives. <c>/readyz</c>: its dependencies answer.</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>What the document says of HEAD, which has no operation of its own (a client would gain a second call for one answer).</summary>
    const string HeadAnswers = "`HEAD` answers the same status without a body, for load balancers that check with it.";

    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        // One instance, which keeps its last knock (the framework would make one per check run).
        services.AddSingleton<UpstreamHealthCheck>();
        services.AddSingleton<ReadinessLog>();
        services.AddHealthChecks()
            .AddCheck<UpstreamHealthCheck>("upstream", tags: [ReadyTag])
            .AddCheck<AuthorityHealthCheck>("authority", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        var liveness = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReport };
        var readiness = new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReport };
        app.MapHealthChecks(LivenessPath, liveness)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .WithTags("Health").WithName("Liveness").WithSummary("Liveness: the process answers")
            .WithDescription($"200 while the process runs; checks nothing else. {HeadAnswers}")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(HealthReportBody), ["application/json"]));
        app.MapHealthChecks(ReadinessPath, readiness)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .WithTags("Health").WithName("Readiness").WithSummary("Readiness: the upstream, Redis and the sign-in authority answer")
            .WithDescription($"200 when every dependency answers, else 503 with the failing checks. Each check says its status and why, naming no host, port or URL: the gateway's log does. {HeadAnswers}")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(HealthReportBody), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(HealthReportBody), ["application/json"]) { Description = "A dependency does not answer." });
        // HEAD too, as some load balancers' checks send it: the same answer without its body, and no operation of its own.
        foreach (var (path, options) in new[] { (LivenessPath, liveness), (ReadinessPath, readiness) })
        {
            app.MapHealthChecks(path, options).WithMetadata(new HttpMethodMetadata([HttpMethods.Head])).ExcludeFromDescription();
        }
        return app;
    }

    static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.RequestServices.GetRequiredService<ReadinessLog>().Saw(report);
        context.Response.ContentType = "application/json";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = ReadinessLog.DescriptionOf(e.Value) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
