using Gateway.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Gateway.TeacherConsole;

/// <summary>
/// Sandbox only: a small teacher console at <c>/console</c>, static files beside the binary (<c>console/</c>) that call
/// the gateway through the generated TypeScript client's compiled modules (<c>console/client/</c>). Same origin, so
/// it needs no CORS; served from elsewhere, that origin goes in <c>Cors:AllowedOrigins</c>.
/// </summary>
public static class ConsolePage
{
    public const string Path = "/console";

    public static WebApplication UseConsolePage(this WebApplication app)
    {
        if (!SandboxMode.IsEnabled(app.Configuration, app.Environment))
        {
            return app;
        }
        var files = new PhysicalFileProvider(System.IO.Path.Combine(AppContext.BaseDirectory, "console"));
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), console =>
        {
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
            console.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path });
        });
        return app;
    }
}
