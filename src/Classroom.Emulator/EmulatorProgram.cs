using Classroom.Emulator.Hosting;

namespace Classroom.Emulator;

/// <summary>Runs the emulator on its own: <c>dotnet run --project src/Classroom.Emulator</c>.</summary>
public static class EmulatorProgram
{
    public static async Task Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = EmulatorHost.Build(args, defaultUrl: Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://localhost:8090");
        }
        catch (Exception e) when (StartupConfiguration.IsRefused(e, Console.Error))
        {
            Environment.ExitCode = 1;
            return;
        }
        if (!StartupConfiguration.IsValid(app.Services, Console.Error))
        {
            Environment.ExitCode = 1;
            return;
        }
        await app.StartAsync();
        app.Logger.LogInformation("Flexible Classroom emulator listening on {Urls}", string.Join(", ", app.Urls));
        await app.WaitForShutdownAsync();
    }
}
