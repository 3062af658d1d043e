using System.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>The gateway as its own operating-system process, as an operator starts it.</summary>
public static class GatewayProcess
{
    public sealed record Exit(int Code, string Output);

    /// <summary>A gateway process serving on a loopback port until the test kills it.</summary>
    public sealed class Running(Process process, Uri baseUrl) : IAsyncDisposable
    {
        public Uri BaseUrl { get; } = baseUrl;

        /// <summary>Ends the process at once (SIGKILL): no graceful stop, no lease released.</summary>
        public void Kill()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            process.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Starts the built gateway with <paramref name="environment"/> and returns once <c>/healthz</c> answers.</summary>
    public static async Task<Running> StartAsync(IDictionary<string, string> environment)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var start = Prepare(baseUrl.ToString(), environment);
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        var running = new Running(Process.Start(start)!, baseUrl);
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return running;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await running.DisposeAsync();
        throw new TimeoutException("The gateway process did not answer /healthz within 60 s.");
    }

    static ProcessStartInfo Prepare(string urls, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--urls", urls])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Runs the built gateway with <paramref name="environment"/> and waits for it to stop by itself.</summary>
    public static async Task<Exit> RunUntilExit(IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = Prepare("http://127.0.0.1:0", environment);
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
