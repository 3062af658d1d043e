using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

/// <summary>The port tests give a gateway where nothing must answer.</summary>
public sealed class RefusingPortTests
{
    /// <summary>
    /// Nothing answers there for as long as the test holds it, whatever other servers start meanwhile: a server that bound
    /// it would answer for Agora, Redis or a proxy that a test says is not there.
    /// </summary>
    [Fact]
    public async Task NoServerCanTakeItAndEveryConnectionIsRefused()
    {
        using var nothing = new RefusingPort();

        var bound = Record.Exception(() =>
        {
            var server = new TcpListener(IPAddress.Loopback, nothing.Port);
            server.Start();
            server.Stop();
        });
        using var client = new TcpClient();
        var connected = await Record.ExceptionAsync(() => client.ConnectAsync(IPAddress.Loopback, nothing.Port, Json.Cancel).AsTask());

        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.IsType<SocketException>(bound).SocketErrorCode);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(connected).SocketErrorCode);
    }
}
