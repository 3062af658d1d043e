using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>The gateway as its own operating-system process, as an operator starts it.</summary>
public static class GatewayProcess
{
    public sealed record Exit(int Code, string Output);

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
        return new Exit(process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts a gateway <paramref name="dll"/> that runs until the returned handle is disposed.</summary>
    public static Running Start(string dll, IDictionary<string, string> environment)
    {
        var process = Process.Start(StartInfo("dotnet", [dll], Path.GetDirectoryName(dll)!, environment))!;
        return new Running(process);
    }

    /// <summary>A loopback port that was free a moment ago, for a process that must be told its port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

        internal Running(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

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
