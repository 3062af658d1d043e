using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>
/// A client that sends one request on a socket of its own and leaves without hearing its whole answer: it resets the
/// connection at the moment the test names.
/// </summary>
public static class LeavingClient
{
    /// <summary>Sends <paramref name="call"/> (method and target) with <paramref name="body"/>; resets the connection once <paramref name="then"/> is done.</summary>
    public static async Task LeaveAsync(Uri address, string call, string bearer, string body, Func<Socket, Task> then,
        string contentType = "application/json")
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
        var (method, target) = (call[..call.IndexOf(' ')], call[(call.IndexOf(' ') + 1)..]);
        var head = RawHttp.Head(address, method, target, bearer, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}", "keep-alive",
            $"Content-Type: {contentType}");
        await socket.SendAsync(Encoding.UTF8.GetBytes(head + body), Json.Cancel);
        await then(socket).WaitAsync(TimeSpan.FromMinutes(1), Json.Cancel);
        socket.LingerState = new LingerOption(true, 0);
    }

    /// <summary>Reads the answer's status line and no further: what a client has heard when it leaves as its answer begins.</summary>
    public static async Task<string> ReadStatusLineAsync(Socket socket)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one, Json.Cancel) == 0)
            {
                throw new IOException($"The connection closed before a whole status line: \"{line}\".");
            }
            line.Append((char)one[0]);
        }
        return line.ToString().TrimEnd();
    }
}
