using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (or <c>redis-sentinel</c>) on a free loopback port, owned by one test: it can be killed
/// and started again on the same port to play an outage. test.sh installs both; without them the test fails, it is
/// not skipped.
/// </summary>
public sealed class RedisServer : IRedisDeployment
{
    readonly string _program;
    readonly IReadOnlyList<string> _arguments;
    Process? _process;

    RedisServer(string program, int port, IReadOnlyList<string> arguments)
    {
        _program = program;
        Port = port;
        _arguments = arguments;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>A server keeping nothing on disk, with <paramref name="settings"/> (<c>--name value</c> pairs) added.</summary>
    public static Task<RedisServer> StartAsync(params string[] settings) => StartAsync(LoopbackPort.Free(), settings);

    public static async Task<RedisServer> StartAsync(int port, params string[] settings)
    {
        var server = new RedisServer("redis-server", port,
            ["--port", Text(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", .. settings]);
        await server.RestartAsync();
        return server;
    }

    /// <summary>A sentinel listening on <paramref name="port"/>, which <paramref name="configFile"/> names; sentinels rewrite their file.</summary>
    public static async Task<RedisServer> StartSentinelAsync(int port, string configFile)
    {
        var server = new RedisServer("redis-sentinel", port, [configFile]);
        await server.RestartAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        Kill();
        var start = new ProcessStartInfo(_program, _arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{_program} is not installed: run ./test.sh, which installs it.", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListening();
    }

    /// <summary>Runs <c>redis-cli</c> against this server and answers its output.</summary>
    public async Task<string> CliAsync(params string[] arguments)
    {
        var exit = await GatewayProcess.RunUntilExit("redis-cli", ["-h", "127.0.0.1", "-p", Text(Port), .. arguments],
            AppContext.BaseDirectory, new Dictionary<string, string>(), TimeSpan.FromSeconds(60));
        Assert.True(exit.Code == 0, $"redis-cli {string.Join(' ', arguments)} failed: {exit.Output}");
        return exit.Output;
    }

    /// <summary>Stops the process without closing its sockets: a Redis that hangs rather than one that is gone.</summary>
    public void Freeze() => Signal("-STOP");

    public void Thaw() => Signal("-CONT");

    void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process!.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    async Task WaitUntilListening()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{_program} did not listen on port {Port}.");
    }

    static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}
