using System.Diagnostics;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>The gateway as its own operating-system process, as an operator starts it.</summary>
public static class GatewayProcess
{
    /// <summary>A process's exit: its code, and what it wrote to standard error (<see cref="Errors"/>) after what it wrote to standard output.</summary>
    public sealed record Exit(int Code, string Output, string Errors);

    /// <summary>Runs the built gateway with <paramref name="environment"/> and waits for it to stop by itself.</summary>
    public static Task<Exit> RunUntilExit(IDictionary<string, string> environment, TimeSpan timeout) =>
        RunUntilExit("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--urls", "http://127.0.0.1:0"],
            AppContext.BaseDirectory, environment, timeout);

    /// <summary>Runs any command to its end, with its output, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<Exit> RunUntilExit(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(fileName, arguments, workingDirectory, environment))!;
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
            throw new TimeoutException($"{fileName} was still running after {timeout}.");
        }
        return new Exit(process.ExitCode, await stdout + await stderr, await stderr);
    }

    /// <summary>Starts a gateway by <paramref name="command"/> (a program and its arguments) that runs until the returned handle is disposed.</summary>
    public static Running Start(IReadOnlyList<string> command, string workingDirectory, IDictionary<string, string> environment)
    {
        var process = Process.Start(StartInfo(command[0], command.Skip(1), workingDirectory, environment))!;
        return new Running(process, baseUrl: null);
    }

    /// <summary>Starts the built gateway on a free loopback port and returns once <c>/healthz</c> answers.</summary>
    public static Task<Running> StartAsync(IDictionary<string, string> environment) =>
        LoopbackPort.StartOnAFreePortAsync(port => StartAsync(environment, port));

    /// <summary>Starts the built gateway on <paramref name="port"/> (one an earlier gateway left, say) and returns once <c>/healthz</c> answers.</summary>
    public static Task<Running> StartAsync(IDictionary<string, string> environment, int port)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        return StartAsync(["dotnet", Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--urls", baseUrl.ToString()],
            AppContext.BaseDirectory, environment, baseUrl, new Uri(baseUrl, "/healthz"), TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Starts a server by <paramref name="command"/> and returns once <paramref name="probe"/> answers with success. A server
    /// that stopped saying its port was taken throws <see cref="LoopbackPort.TakenException"/>, so
    /// <see cref="LoopbackPort.StartOnAFreePortAsync"/> can start it again on another.
    /// </summary>
    public static async Task<Running> StartAsync(IReadOnlyList<string> command, string workingDirectory,
        IDictionary<string, string> environment, Uri? baseUrl, Uri probe, TimeSpan within)
    {
        var running = new Running(Process.Start(StartInfo(command[0], command.Skip(1), workingDirectory, environment))!, baseUrl);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !running.HasExited)
        {
            try
            {
                if ((await client.GetAsync(probe)).IsSuccessStatusCode)
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
        var exited = running.HasExited;
        if (exited)
        {
            // An exit can be seen before its last words are read: they say whether the port was taken.
            await running.WaitForExitAsync();
        }
        await running.DisposeAsync();
        throw exited && LoopbackPort.SaysTaken(running.Output)
            ? new LoopbackPort.TakenException($"{command[0]} found its port taken:\n{running.Output}")
            : new TimeoutException($"{command[0]} did not answer {probe} within {within.TotalSeconds} s:\n{running.Output}");
    }

    static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    public sealed class Running : IAsyncDisposable
    {
        readonly Process _process;
        readonly StringBuilder _output = new();
        bool _disposed;

        internal Running(Process process, Uri? baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public int Id => _process.Id;

        /// <summary>Where it listens, when the test chose the port.</summary>
        public Uri? BaseUrl { get; }

        /// <summary>Asks the process to stop (SIGTERM), as an orchestrator does; <see cref="WaitForExitAsync"/> waits for it.</summary>
        public void Terminate()
        {
            using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }

        /// <summary>The exit code, once the process has stopped by itself.</summary>
        public async Task<int> WaitForExitAsync()
        {
            await _process.WaitForExitAsync(Json.Cancel);
            return _process.ExitCode;
        }

        /// <summary>Ends the process at once (SIGKILL): no graceful stop, no lease released.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        /// <summary>Stops the process; a test may stop it early, so disposing twice is fine.</summary>
        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
