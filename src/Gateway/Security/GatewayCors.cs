using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace Gateway.Security;

public static class GatewayCors
{
    /// <summary>
    /// Headers a frontend may send: the caller's token, a body's type, its own request id, a stream's resume point, and the
    /// W3C trace context with its baggage, which OpenTelemetry's browser instrumentation adds to every call to a traced
    /// backend: refused, the browser sent none of those calls. The gateway carries the trace context on and drops the
    /// baggage (docs/security.md).
    /// </summary>
    static readonly string[] AllowedHeaders = ["Authorization", "Content-Type", "X-Request-Id", "Last-Event-ID", "traceparent", "tracestate", "baggage"];

    /// <summary>Headers a frontend reads from answers; the rest stay hidden from scripts.</summary>
    static readonly string[] ExposedHeaders = ["X-Request-Id", "Retry-After", "X-Cache-Status", "WWW-Authenticate"];

    public static IServiceCollection AddGatewayCors(this IServiceCollection services)
    {
        services.AddValidatedOptions<GatewayCorsOptions, GatewayCorsOptionsValidator>(GatewayCorsOptions.Section);
        // One variable is how an operator most often sets a list: Cors__AllowedOrigins=https://a.example,https://b.example.
        // Binding reads only the list's items (Cors__AllowedOrigins__0) and would drop it without a word.
        services.AddOptions<GatewayCorsOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (configuration[$"{GatewayCorsOptions.Section}:{nameof(GatewayCorsOptions.AllowedOrigins)}"] is { Length: > 0 } list)
            {
                options.AllowedOrigins = [.. options.AllowedOrigins, .. list.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        });
        services.AddCors();
        services.AddOptions<CorsOptions>()
            .Configure<IOptions<GatewayCorsOptions>>((cors, gateway) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(gateway.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToArray())
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders(AllowedHeaders)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>
    /// <c>UseCors()</c>, with the policy provider given once: the framework's binds the provider, an argument of the
    /// middleware's <c>Invoke</c>, by compiling an expression tree at start and resolving it anew for every request.
    /// With origins configured, every answer varies by <c>Origin</c> (RFC 9110 12.5.5), the ones that grant none too: a
    /// shared cache must not hand the school's page an answer made for another origin or for none. The framework says so
    /// only on an answer that grants one of several origins.
    /// </summary>
    public static WebApplication UseGatewayCors(this WebApplication app)
    {
        var services = app.Services;
        var varies = services.GetRequiredService<IOptions<GatewayCorsOptions>>().Value.AllowedOrigins.Length > 0;
        app.Use(next =>
        {
            var cors = new CorsMiddleware(next, services.GetRequiredService<ICorsService>(), services.GetRequiredService<ILoggerFactory>());
            var policies = services.GetRequiredService<ICorsPolicyProvider>();
            return varies
                ? context =>
                {
                    // Registered before the framework's own callback, so it runs after it and sees its Vary.
                    context.Response.OnStarting(VaryByOrigin, context.Response);
                    return cors.Invoke(context, policies);
                }
                : context => cors.Invoke(context, policies);
        });
        return app;
    }

    static Task VaryByOrigin(object state)
    {
        var headers = ((HttpResponse)state).Headers;
        if (!headers.Vary.Any(value => value?.Contains("Origin", StringComparison.OrdinalIgnoreCase) == true))
        {
            headers.Append(HeaderNames.Vary, "Origin");
        }
        return Task.CompletedTask;
    }
}
