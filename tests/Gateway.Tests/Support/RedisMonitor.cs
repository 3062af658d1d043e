using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>
/// Every command a redis-server runs, as <c>redis-cli monitor</c> reports it, each split into its words: what the
/// gateway really sent, whatever code path sent it. Commands that scripts run are left out; the scripts themselves are in.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    readonly Process _process;
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    RedisMonitor(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Read(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>One command as the server ran it: the client that sent it (its address) and its words.</summary>
    public sealed record Command(string Client, IReadOnlyList<string> Words)
    {
        public string Name => Words[0].ToUpperInvariant();
    }

    public ConcurrentQueue<Command> Commands { get; } = new();

    public static async Task<RedisMonitor> StartAsync(RedisServer server)
    {
        var monitor = new RedisMonitor(Process.Start(new ProcessStartInfo("redis-cli",
            ["-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "monitor"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!);
        await monitor._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return monitor;
    }

    /// <summary>
    /// Waits until the monitor has reported every command <paramref name="server"/> ran before this call: it reports them
    /// in the order the server runs them, after the fact, so a marker sent now arrives after them all.
    /// </summary>
    public async Task CaughtUpAsync(RedisServer server)
    {
        var marker = "monitor-caught-up-" + Guid.NewGuid().ToString("N");
        await server.CliAsync("ECHO", marker);
        var seen = await Poll.Until(() => Task.FromResult(Commands.Any(c => c is { Name: "ECHO", Words: [_, var word] } && word == marker)), found => found);
        Assert.True(seen, "the monitor never reported the marker sent after the commands it waited for");
    }

    void Read(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line == "OK")
        {
            _ready.TrySetResult();
            return;
        }
        // 1700000000.123456 [0 127.0.0.1:50000] "EVALSHA" "…" "3" "key" …   ([0 lua] for what a script runs)
        var open = line.IndexOf('[', StringComparison.Ordinal);
        var close = line.IndexOf(']', StringComparison.Ordinal);
        if (open < 0 || close < open || line.AsSpan(0, close).EndsWith(" lua", StringComparison.Ordinal))
        {
            return;
        }
        var client = line[(open + 1)..close];
        Commands.Enqueue(new Command(client[(client.IndexOf(' ', StringComparison.Ordinal) + 1)..], Words(line[(close + 1)..])));
    }

    /// <summary>The quoted words of a monitor line, unescaped as redis-cli escapes them.</summary>
    static List<string> Words(string text)
    {
        var words = new List<string>();
        var bytes = new List<byte>();
        var inside = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!inside)
            {
                inside = c == '"';
                continue;
            }
            if (c == '"')
            {
                words.Add(Encoding.UTF8.GetString([.. bytes]));
                bytes.Clear();
                inside = false;
                continue;
            }
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            var next = text[++i];
            switch (next)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'x':
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: bytes.Add((byte)next); break;
            }
        }
        return words;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
