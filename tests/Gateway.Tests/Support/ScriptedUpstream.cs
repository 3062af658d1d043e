using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>
/// An HTTP/1.1 upstream on a real loopback socket that answers each request with the raw bytes the test writes, framing
/// and all, on a connection it keeps: for answers no well-behaved server would send, which <see cref="RecordingUpstream"/>,
/// being Kestrel, cannot. It reads a request's head and its <c>Content-Length</c> of body, and records each head.
/// </summary>
public sealed class ScriptedUpstream : IDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();

    /// <param name="answer">The raw answer to a request, given its head (request line and headers).</param>
    public ScriptedUpstream(Func<string, string> answer)
    {
        Answer = answer;
        _listener.Start();
        _ = AcceptForever();
    }

    public Func<string, string> Answer { get; set; }

    /// <summary>Between two parts of an answer: the part before is sent on its own, a moment before the rest.</summary>
    public const string Pause = "\u0000pause\u0000";

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public ConcurrentQueue<string> Heads { get; } = new();

    async Task AcceptForever()
    {
        try
        {
            while (true)
            {
                _ = ServeAsync(await _listener.AcceptSocketAsync(_stop.Token));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                int end;
                while ((end = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                {
                    if (!await ReadMoreAsync(stream, buffer, received))
                    {
                        return;
                    }
                }
                var head = received.ToString(0, end);
                var length = head.Split("\r\n").Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
                while (received.Length < end + 4 + length)
                {
                    if (!await ReadMoreAsync(stream, buffer, received))
                    {
                        return;
                    }
                }
                received.Remove(0, end + 4 + length);
                Heads.Enqueue(head);
                var parts = Answer(head).Split(Pause);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        await Task.Delay(100, _stop.Token);
                    }
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(parts[i]), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    async Task<bool> ReadMoreAsync(NetworkStream stream, byte[] buffer, StringBuilder received)
    {
        var read = await stream.ReadAsync(buffer, _stop.Token);
        received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        return read > 0;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
