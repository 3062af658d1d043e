using System.Collections.Concurrent;
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
    readonly string? _folder;
    Process? _process;
    ConcurrentQueue<string> _said = new();

    RedisServer(string program, int port, IReadOnlyList<string> arguments, string? folder = null)
    {
        _program = program;
        Port = port;
        _arguments = arguments;
        _folder = folder;
    }

    public int Port { get; }

    /// <summary>
    /// A replica of this server, once the link is up on both sides: the primary counts a replica (ROLE, and so WAIT) only
    /// once it has reaped the copy it sent it, a little after the replica reports its link up.
    /// </summary>
    public async Task<RedisServer> StartReplicaAsync()
    {
        var replica = await StartAsync("--replicaof", "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("master_link_status:up", await Poll.Until(() => replica.CliAsync("info", "replication"),
            info => info.Contains("master_link_status:up", StringComparison.Ordinal)));
        Assert.Contains("state=online", await Poll.Until(() => CliAsync("info", "replication"), info => info.Contains("state=online", StringComparison.Ordinal)));
        return replica;
    }

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>A server keeping nothing on disk, with <paramref name="settings"/> (<c>--name value</c> pairs) added.</summary>
    public static Task<RedisServer> StartAsync(params string[] settings) => StartAsync(_ => settings);

    /// <summary>
    /// A server keeping nothing on disk on a loopback port free when chosen, with the settings given for that port. A
    /// port is free only until someone binds it: when another process takes it first, the server starts on another.
    /// Its folder is its own: a replica writes the copy it loads from its primary there, and a server loads what it
    /// finds there when it starts, so a shared folder would hand one test's data to the next.
    /// </summary>
    public static Task<RedisServer> StartAsync(Func<int, string[]> settings) =>
        OnAFreePortAsync(port =>
        {
            var folder = Directory.CreateTempSubdirectory("redis-server-").FullName;
            return new RedisServer("redis-server", port,
                ["--port", Text(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", folder, .. settings(port)],
                folder);
        });

    /// <summary>A sentinel on a loopback port free when chosen, from the configuration file written for that port; sentinels rewrite their file.</summary>
    public static Task<RedisServer> StartSentinelAsync(Func<int, string> writeConfigFile) =>
        OnAFreePortAsync(port => new RedisServer("redis-sentinel", port, [writeConfigFile(port)]));

    static Task<RedisServer> OnAFreePortAsync(Func<int, RedisServer> onPort) => LoopbackPort.StartOnAFreePortAsync(async port =>
    {
        var server = onPort(port);
        try
        {
            await server.RestartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    });

    /// <summary>
    /// (Re)starts the process on its port, and returns once it says it serves (the line a server or a sentinel writes once
    /// its sockets listen) and its port accepts a connection.
    /// </summary>
    public async Task RestartAsync()
    {
        Kill();
        var start = new ProcessStartInfo(_program, _arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = _said = new ConcurrentQueue<string>();
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{_program} is not installed: run ./test.sh, which installs it.", e);
        }
        void Heard(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is not { } text)
            {
                return;
            }
            output.Enqueue(text);
            if (ServingLines.Any(marker => text.Contains(marker, StringComparison.Ordinal)))
            {
                serving.TrySetResult();
            }
        }
        _process.OutputDataReceived += Heard;
        _process.ErrorDataReceived += Heard;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        // Generous: a busy machine may take seconds to start a process; a healthy start takes milliseconds.
        var waited = await Task.WhenAny(serving.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (waited != serving.Task)
        {
            var said = string.Join("\n", output.TakeLast(20));
            if (waited == exited)
            {
                throw LoopbackPort.SaysTaken(said)
                    ? new LoopbackPort.TakenException($"{_program} found a port of its own taken:\n{said}")
                    : new InvalidOperationException($"{_program} on port {Port} exited with {_process.ExitCode}:\n{said}");
            }
            throw new TimeoutException($"{_program} did not start serving on port {Port} within 30 s:\n{said}");
        }
        await WaitUntilListening();
    }

    /// <summary>What redis-server (standalone or in cluster mode) and redis-sentinel write once their sockets listen.</summary>
    static readonly string[] ServingLines = ["Ready to accept connections", "Running mode=sentinel"];

    /// <summary>
    /// The last lines the process has written since it was last started, for a failing test to show what it did: a
    /// sentinel logs each instance it finds down and each failover step.
    /// </summary>
    public string Said(int lines = 60) => string.Join("\n", _said.TakeLast(lines));

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

    /// <summary>Whether the process runs: not once killed, until started again.</summary>
    public bool IsRunning => _process is { HasExited: false };

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
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync()
    {
        Kill();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}
