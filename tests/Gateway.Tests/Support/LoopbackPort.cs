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

    /// <summary>
    /// Starts a server on a port free when chosen. A port is free only until someone binds it: when another process took
    /// it first (<paramref name="start"/> throws <see cref="TakenException"/>), the server is started on another.
    /// </summary>
    public static async Task<T> StartOnAFreePortAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Free());
            }
            catch (TakenException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>What a server's own words say when it could not bind its port.</summary>
    public static bool SaysTaken(string output) => output.Contains("already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>A server could not bind the port it was given: another process took it after it was chosen.</summary>
    public sealed class TakenException(string message) : Exception(message);
}
