namespace Gateway.Security;

/// <summary>The <c>Cors</c> section: the origins of the school's web frontends. None by default: no browser origin is let in.</summary>
public sealed class GatewayCorsOptions
{
    public const string Section = "Cors";

    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>Each origin is an absolute http(s) origin — scheme, host and optional port, nothing else, no wildcard.</summary>
public sealed class GatewayCorsOptionsValidator : IValidateOptions<GatewayCorsOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayCorsOptions options)
    {
        var bad = options.AllowedOrigins.Where(origin => !IsOrigin(origin)).ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cors:AllowedOrigins must hold absolute origins like https://school.example (not: {string.Join(", ", bad)}).");
    }

    static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && !origin.Contains('*') && origin.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}

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
