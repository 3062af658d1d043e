using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

/// <summary>A dead upstream that still counts: it accepts each connection and resets it at once.</summary>
public sealed class ResettingListener : IDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    int _connections;

    public ResettingListener()
    {
        _listener.Start();
        _ = AcceptForever();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Connections => Volatile.Read(ref _connections);

    async Task AcceptForever()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                Interlocked.Increment(ref _connections);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public void Dispose() => _listener.Stop();
}
