using System.Globalization;
using Gateway.Events;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Security;

/// <summary>
/// The usual hardening headers on every answer, problems included. API answers get a CSP that allows nothing and
/// <c>no-store</c> (they carry per-user data and tokens); Swagger UI and the console get a CSP that lets their own files run.
/// </summary>
public static partial class SecurityHeaders
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
    /// Outside Development: HSTS on HTTPS answers and a redirect of plain HTTP to HTTPS when an HTTPS port is known
    /// (<c>ASPNETCORE_HTTPS_PORT</c>, or an HTTPS address the server listens on). Behind a TLS-terminating proxy, see
    /// docs/security.md. Without one nothing is redirected, as the proxy redirects, and the instance says so once rather
    /// than have the framework's middleware warn that it "failed to determine the https port". The health checks and
    /// metrics answer plain HTTP still: probes and scrapers call the instance itself, behind any proxy, and follow no redirect.
    /// A stream ticket that comes over plain HTTP is spent and refused rather than redirected (<see cref="PlainHttpTickets"/>).
    /// </summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            // Asked once the server's addresses are known: as it has started, so that the notice is among the start's
            // lines, not a request's (or at the first request, should one come sooner).
            var redirects = new Lazy<bool>(() => HttpsPortKnown(app));
            app.Lifetime.ApplicationStarted.Register(() => _ = redirects.Value);
            app.UseWhen(context => !IsProbe(context.Request.Path) && redirects.Value,
                branch => branch.UsePlainHttpTicketsSpent().UseHttpsRedirection());
        }
        return app;
    }

    /// <summary>
    /// The HTTPS port plain HTTP is redirected to (<c>ASPNETCORE_HTTPS_PORT</c>), checked on start: one that is no port
    /// would start the process, which then redirected nothing, the framework warning once (<c>abc</c>), or redirected every
    /// plain request to an address no client can reach (<c>99999</c>).
    /// </summary>
    public static IServiceCollection AddTransportSecurity(this IServiceCollection services)
    {
        services.AddOptions<HttpsRedirectionOptions>()
            .Validate<IConfiguration>((_, configuration) => configuration["HTTPS_PORT"] is not { Length: > 0 } port
                    || (int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535),
                "HTTPS_PORT (ASPNETCORE_HTTPS_PORT) must be a port from 1 to 65535, where plain HTTP is redirected, or unset.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Where the framework's redirection looks for the HTTPS port: its options, the configuration, the server's addresses.</summary>
    static bool HttpsPortKnown(WebApplication app)
    {
        var known = app.Services.GetRequiredService<IOptions<HttpsRedirectionOptions>>().Value.HttpsPort is not null
            || app.Configuration["HTTPS_PORT"] is { Length: > 0 } || app.Configuration["ANCM_HTTPS_PORT"] is { Length: > 0 }
            || app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) == true;
        if (!known)
        {
            LogNotRedirected(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityHeaders)));
        }
        return known;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plain HTTP is not redirected to HTTPS: no HTTPS port is configured "
        + "(ASPNETCORE_HTTPS_PORT), as behind a proxy that redirects it itself")]
    static partial void LogNotRedirected(ILogger logger);

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
