using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

public static class LoopbackPort
{
    /// <summary>Ports handed out lately, oldest first: the kernel may offer a port again as soon as its listener closes.</summary>
    static readonly Queue<int> HandedOut = new();
    static readonly HashSet<int> Recent = [];
    const int Remembered = 4096;

    /// <summary>
    /// A loopback port free right now, for a server the test starts itself, and none of the last ports handed out: a test
    /// that chooses two ports before it binds either (nginx's two listeners, a primary and its backup) gets two.
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            lock (HandedOut)
            {
                if (!Recent.Add(port))
                {
                    continue;
                }
                HandedOut.Enqueue(port);
                if (HandedOut.Count > Remembered)
                {
                    Recent.Remove(HandedOut.Dequeue());
                }
                return port;
            }
        }
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
