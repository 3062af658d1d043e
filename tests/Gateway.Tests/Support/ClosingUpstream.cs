using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>
/// An HTTP/1.1 upstream on a real loopback socket that answers each request with Agora's success, keeping the
/// connection, until told to stop answering: then it reads each request whole and closes its connection cleanly (FIN),
/// as a server going away between requests does, where Kestrel's abort resets it. It records each request's method.
/// </summary>
public sealed class ClosingUpstream : IDisposable
{
    static readonly byte[] Success = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 33\r\n\r\n{\"code\":0,\"msg\":\"Success\",\"ts\":1}");

    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    volatile bool _answering = true;

    public ClosingUpstream()
    {
        _listener.Start();
        _ = AcceptForever();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>How long an answer waits, so that requests sent at once each need a connection of their own.</summary>
    public TimeSpan AnswerDelay { get; init; }

    public ConcurrentQueue<string> Methods { get; } = new();

    /// <summary>From now on, each request read is answered by closing its connection.</summary>
    public void StopAnswering() => _answering = false;

    async Task AcceptForever()
    {
        try
        {
            while (true)
            {
                _ = ServeAsync(await _listener.AcceptSocketAsync());
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var received = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var head = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (head < 0)
                {
                    var read = await socket.ReceiveAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }
                    received.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    continue;
                }
                var lines = received.ToString(0, head).Split("\r\n");
                var length = lines.Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (received.Length < head + 4 + length)
                {
                    var read = await socket.ReceiveAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }
                    received.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }
                received.Remove(0, head + 4 + length);
                Methods.Enqueue(lines[0].Split(' ')[0]);
                if (!_answering)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
                await Task.Delay(AnswerDelay);
                await socket.SendAsync(Success);
            }
        }
        catch (SocketException)
        {
            // The gateway went away.
        }
    }

    public void Dispose() => _listener.Stop();
}
