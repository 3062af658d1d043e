namespace Gateway.Security;

/// <summary>
/// The usual hardening headers on every answer, problems included. API answers get a CSP that allows nothing and
/// <c>no-store</c> (they carry per-user data and tokens); Swagger UI and the console get a CSP that lets their own files run.
/// </summary>
public static class SecurityHeaders
{
    const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Swagger UI's page styles itself inline and shows data-URI images; its scripts are its own files.</summary>
    const string SwaggerPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The console's page runs and styles only from its own files, and talks to this gateway alone.</summary>
    const string ConsolePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // A static callback with the request as its state: nothing is allocated for it per request.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            var swagger = context.Request.Path.StartsWithSegments("/swagger");
            var console = context.Request.Path.StartsWithSegments(TeacherConsole.ConsolePage.Path);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = swagger ? SwaggerPolicy : console ? ConsolePolicy : ApiPolicy;
            if (!swagger && !console)
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>
    /// Outside Development: HSTS on HTTPS answers and a redirect of plain HTTP to HTTPS once an HTTPS port is known
    /// (<c>ASPNETCORE_HTTPS_PORT</c>). Behind a TLS-terminating proxy, see docs/security.md. The health checks and
    /// metrics answer plain HTTP still: probes and scrapers call the instance itself, behind any proxy, and follow no redirect.
    /// </summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseWhen(context => !IsProbe(context.Request.Path), branch => branch.UseHttpsRedirection());
        }
        return app;
    }

    static readonly PathString[] Probes = [Health.HealthEndpoints.LivenessPath, Health.HealthEndpoints.ReadinessPath, Telemetry.GatewayTelemetry.MetricsPath];

    /// <summary>A probe's or the scraper's path in every spelling routing answers: any case, with or without a trailing slash.</summary>
    static bool IsProbe(PathString path)
    {
        foreach (var probe in Probes)
        {
            if (path.StartsWithSegments(probe, out var rest) && rest.Value is null or "" or "/")
            {
                return true;
            }
        }
        return false;
    }
}
