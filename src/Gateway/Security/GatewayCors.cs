namespace Gateway.Security;

public static class GatewayCors
{
    /// <summary>Headers a frontend reads from answers; the rest stay hidden from scripts.</summary>
    static readonly string[] ExposedHeaders = ["X-Request-Id", "Retry-After", "X-Cache-Status", "WWW-Authenticate"];

    public static IServiceCollection AddGatewayCors(this IServiceCollection services)
    {
        services.AddValidatedOptions<GatewayCorsOptions, GatewayCorsOptionsValidator>(GatewayCorsOptions.Section);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<GatewayCorsOptions>>((cors, gateway) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(gateway.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToArray())
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "X-Request-Id", "Last-Event-ID")
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }
}
