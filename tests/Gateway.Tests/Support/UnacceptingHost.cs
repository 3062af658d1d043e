using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

/// <summary>
/// A host on a real loopback port that never takes a connection: its listener's queue is full (one connection held in
/// it, never accepted), so the kernel drops every further SYN and a connection attempt hangs until the caller's own
/// connect timeout, as with a host whose packets are dropped by a firewall.
/// </summary>
public sealed class UnacceptingHost : IDisposable
{
    readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    readonly Socket _queued = new(SocketType.Stream, ProtocolType.Tcp);

    UnacceptingHost()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
    }

    public static async Task<UnacceptingHost> StartAsync()
    {
        var host = new UnacceptingHost();
        await host._queued.ConnectAsync(IPAddress.Loopback, host.Port, Json.Cancel);
        return host;
    }

    int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        _queued.Dispose();
        _listener.Dispose();
    }
}
