using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.Tests.Support;

/// <summary>
/// A loopback port where nothing listens, kept so while this is held: its socket is bound and never listens, so the kernel
/// refuses every connection there and gives the port to no other server. A port merely chosen free could be bound
/// meanwhile by another test's server, which would then answer for "nothing".
/// </summary>
public sealed class RefusingPort : IDisposable
{
    const int AddressInUse = 98;

    readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        // Bound by the C library, not Socket.Bind: .NET binds with SO_REUSEADDR, and Linux lets a server that sets it too
        // bind a port held by such a socket that does not listen, and listen there.
        while (true)
        {
            Port = LoopbackPort.Free();
            var address = new LoopbackAddress(Port);
            if (Bind(_socket.Handle, ref address, Marshal.SizeOf<LoopbackAddress>()) == 0)
            {
                return;
            }
            if (Marshal.GetLastPInvokeError() != AddressInUse)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }
        }
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>A Redis configuration naming this port, for a gateway whose Redis is not there.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public void Dispose() => _socket.Dispose();

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    static extern int Bind(IntPtr socket, ref LoopbackAddress address, int length);

    /// <summary>Linux's <c>sockaddr_in</c> for 127.0.0.1 and a port.</summary>
    [StructLayout(LayoutKind.Sequential)]
    readonly struct LoopbackAddress(int port)
    {
        readonly ushort _family = (ushort)AddressFamily.InterNetwork;
        readonly short _port = IPAddress.HostToNetworkOrder((short)port);
        readonly int _address = IPAddress.HostToNetworkOrder(0x7F000001);
        readonly long _zero = 0;
    }
}
