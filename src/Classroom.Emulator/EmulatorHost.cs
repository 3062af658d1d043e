using Classroom.Agora.Models;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Faults;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator;

/// <summary>Builds the emulator web application, standalone or hosted inside another process.</summary>
public static class EmulatorHost
{
    /// <summary>
    /// Configuration comes from environment variables and <paramref name="args"/> only (<c>--Agora:AppId=…</c>,
    /// <c>--urls=…</c>): a hosting process's appsettings.json and Kestrel endpoints must not leak into the emulator.
    /// <paramref name="configureServices"/> runs last, so it can replace anything, the <see cref="TimeProvider"/> first.
    /// </summary>
    public static WebApplication Build(string[] args, string defaultUrl, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        // Named urls are where it listens alone: a hosting process passes them, and Kestrel endpoints its environment names
        // for itself (read here with the rest of the environment) would otherwise bind the host's own address first.
        // Without urls, Kestrel's endpoints stand in for the default rather than override it with a warning.
        if (builder.Configuration["urls"] is { } urls)
        {
            builder.WebHost.UseUrls(urls).ConfigureKestrel(kestrel => kestrel.Configure(new ConfigurationBuilder().Build()));
        }
        else if (!builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(defaultUrl);
        }
        // Inside a gateway or a test run, the host's own start-up chatter is noise; EmulatorProgram says where it listens.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        builder.Services.AddEmulator();
        configureServices?.Invoke(builder.Services);

        var app = StartupConfiguration.BuildOrThrow(builder);
        app.UseRequestJournal();        // first, so the journal sees even the requests that fail
        app.UseEmulatedFaults();        // the bad days a test asked for, before anything else answers
        app.UseExceptionHandler();      // Agora's 500 shape, never a stack trace
        app.UseRouting();
        app.UseRawPathIds();            // ids decoded from the raw target once routing picked the endpoint
        app.MapAgoraApi();
        return app;
    }

    static IServiceCollection AddEmulator(this IServiceCollection services)
    {
        services.AddOptions<EmulatorOptions>().BindSettings(EmulatorOptions.Section);
        services.AddSingleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>();
        services.AddOptions<EmulatorAuthenticationOptions>().BindSettings(EmulatorAuthenticationOptions.Section)
            .Validate(o => Enum.IsDefined(o.Credentials), "Emulator:Credentials must be Any or App.");
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ClassroomStore>();
        services.AddSingleton<ReceivedRequestJournal>();
        services.AddSingleton<EmulatedFaults>();
        services.AddSingleton<AgoraAuthentication>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.MaxDepth = AgoraJson.AnswerDepth);
        services.AddProblemDetails();
        services.AddExceptionHandler<AgoraExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
