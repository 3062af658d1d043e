using System.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>The gateway as its own operating-system process, as an operator starts it.</summary>
public static class GatewayProcess
{
    public sealed record Exit(int Code, string Output);

    /// <summary>Runs the built gateway with <paramref name="environment"/> and waits for it to stop by itself.</summary>
    public static async Task<Exit> RunUntilExit(IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The gateway was still running after {timeout}.");
        }
        return new Exit(process.ExitCode, await stdout + await stderr);
    }
}
