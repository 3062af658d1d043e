using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Emulator;

/// <summary>Builds the emulator web application, standalone or hosted inside another process.</summary>
public static class EmulatorHost
{
    public static WebApplication Build(string[] args, string defaultUrl, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? defaultUrl);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGet("/", () => TypedResults.Ok(new { service = "Flexible Classroom emulator" }));
        return app;
    }
}
