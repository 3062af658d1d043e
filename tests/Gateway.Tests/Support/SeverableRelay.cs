using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

/// <summary>
/// A TCP relay on loopback in front of one server, which the test can sever: from then on, bytes either side sends
/// are read and dropped, as on a network that lost the route. Unlike a frozen server, nothing sent meanwhile waits in
/// a buffer to be carried out later.
/// </summary>
public sealed class SeverableRelay : IDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly int _targetPort;
    readonly CancellationTokenSource _stop = new();
    volatile bool _severed;

    public SeverableRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptForever();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The relay as a StackExchange.Redis endpoint.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Bytes sent after this are dropped, whichever way they go.</summary>
    public void Sever() => _severed = true;

    async Task AcceptForever()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                await Task.WhenAny(CopyAsync(client.GetStream(), server.GetStream()), CopyAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // Either side went away.
            }
        }
    }

    async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (!_severed)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side went away.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
