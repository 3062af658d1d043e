using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Gateway.Security;

public static class GatewayCors
{
    /// <summary>Headers a frontend reads from answers; the rest stay hidden from scripts.</summary>
    static readonly string[] ExposedHeaders = ["X-Request-Id", "Retry-After", "X-Cache-Status", "WWW-Authenticate"];

    public static IServiceCollection AddGatewayCors(this IServiceCollection services)
    {
        services.AddValidatedOptions<GatewayCorsOptions, GatewayCorsOptionsValidator>(GatewayCorsOptions.Section);
        services.AddCors();
        services.AddOptions<CorsOptions>()
            .Configure<IOptions<GatewayCorsOptions>>((cors, gateway) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(gateway.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToArray())
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "X-Request-Id", "Last-Event-ID")
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>
    /// <c>UseCors()</c>, with the policy provider given once: the framework's binds the provider, an argument of the
    /// middleware's <c>Invoke</c>, by compiling an expression tree at start and resolving it anew for every request.
    /// </summary>
    public static WebApplication UseGatewayCors(this WebApplication app)
    {
        var services = app.Services;
        app.Use(next =>
        {
            var cors = new CorsMiddleware(next, services.GetRequiredService<ICorsService>(), services.GetRequiredService<ILoggerFactory>());
            var policies = services.GetRequiredService<ICorsPolicyProvider>();
            return context => cors.Invoke(context, policies);
        });
        return app;
    }
}
