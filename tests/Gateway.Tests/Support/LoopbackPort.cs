using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

public static class LoopbackPort
{
    /// <summary>A loopback port free right now, for a server the test starts itself.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
