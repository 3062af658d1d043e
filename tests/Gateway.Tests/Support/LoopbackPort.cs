using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

public static class LoopbackPort
{
    /// <summary>Ports handed out lately, oldest first: a port chosen again soon after its server closed may still be in use.</summary>
    static readonly Queue<int> HandedOut = new();
    static readonly HashSet<int> Recent = [];
    const int Remembered = 4096;

    /// <summary>
    /// The ports servers are started on: below the kernel's ephemeral range, so that no connection the tests open takes
    /// one as its own local port. A server killed and started again on its port (a Redis restart, a cluster node brought
    /// back) would otherwise find it taken by any connection opened in between. Where the kernel leaves no such band
    /// (a range starting low), the kernel chooses, as it does for any listener given port 0.
    /// </summary>
    internal static readonly (int First, int Last)? Band = BandBelow(EphemeralRange());

    /// <summary>
    /// A loopback port free right now, for a server the test starts itself, and none of the last ports handed out: a test
    /// that chooses two ports before it binds either (nginx's two listeners, a primary and its backup) gets two.
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            var port = Band is var (first, last) ? Random.Shared.Next(first, last + 1) : 0;
            if (!TryBind(ref port))
            {
                continue;
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

    /// <summary>Whether a listener can bind the port now; port 0 asks the kernel for one, and is set to what it gave.</summary>
    static bool TryBind(ref int port)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException)
        {
            return false;
        }
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return true;
    }

    /// <summary>The local ports the kernel gives outgoing connections (Linux's <c>ip_local_port_range</c>), if it says.</summary>
    internal static (int First, int Last)? EphemeralRange()
    {
        const string Setting = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(Setting))
        {
            return null;
        }
        var bounds = File.ReadAllText(Setting).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(bounds[0]), int.Parse(bounds[1]));
    }

    /// <summary>
    /// From 10,000, above the ports well-known services listen on, to the ephemeral range's start; none when that leaves
    /// fewer than 10,000 ports, too few to choose at random among.
    /// </summary>
    static (int First, int Last)? BandBelow((int First, int Last)? ephemeral) =>
        ephemeral is var (first, _) && first - 10_000 >= 10_000 ? (10_000, first - 1) : null;
}
