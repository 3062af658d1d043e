using System.Net.Sockets;
using System.Text;
using Gateway.Problems;
using Gateway.Tests.Audit;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Resilience;

/// <summary>A client that resets its connection while its request is read is no failure of the gateway's.</summary>
public sealed class ClientResetTests
{
    [Fact]
    public async Task AResetThatFailsTheReadBeforeTheAbortIsSignalledIsNoErrorAndNo500()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var handler = new UnhandledExceptionHandler(factory.CreateLogger<UnhandledExceptionHandler>());
        var context = new DefaultHttpContext { Request = { Method = "PUT", Path = "/api/v1/rooms/room-1/properties" } };

        var handled = await handler.TryHandleAsync(context, new ConnectionResetException("Connection reset by peer"), Json.Cancel);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith("Debug", StringComparison.Ordinal) && line.Contains("reset", StringComparison.Ordinal));
    }

    /// <summary>
    /// Clients that leave midway through their bodies, on a real socket, by a reset or by closing their side (a FIN, after
    /// which Kestrel closes the connection): the read fails first or the abort is signalled first, as the kernel's timing
    /// has it, and each way nobody is answered, the call is recorded as 499, one line is logged at <c>Debug</c> and nothing
    /// above it, and the gateway goes on answering.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/room-1/properties", true)]
    [InlineData("PUT", "/api/v1/rooms/room-1/properties", false)]
    [InlineData("PUT", $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/properties", true)]
    [InlineData("PUT", $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/properties", false)]
    [InlineData("POST", "/api/v1/rooms/room-1/join", true)]
    [InlineData("POST", "/api/v1/rooms/room-1/join", false)]
    public async Task ClientsLeavingMidBodyAreRecordedAs499AndLoggedAtDebug(string method, string path, bool reset)
    {
        const int Leaves = 10;
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        var address = gateway.StartOnASocket();
        var bearer = new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "room-1" }.Sign();
        var head = Encoding.ASCII.GetBytes(
            $"{method} {path} HTTP/1.1\r\n" +
            $"Host: {address.Authority}\r\nAuthorization: Bearer {bearer}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"properties\":{");
        var heard = new List<int>();

        for (var leave = 1; leave <= Leaves; leave++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(head, Json.Cancel);
            await Poll.Until(() => Task.FromResult(logs.Lines.Count(line => IsStartOf(line, method))), started => started >= leave);
            // Now and then a moment more, so that the gateway is waiting on the body when the client leaves.
            if (leave % 2 == 0)
            {
                await Task.Delay(50, Json.Cancel);
            }
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                continue;
            }
            socket.Shutdown(SocketShutdown.Send);
            heard.Add(await ReceivedUntilClosedAsync(socket));
        }
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var trail = await admin.WaitForAuditAsync(Leaves);
        var after = await gateway.CreateClient(TestJwt.Teacher("room-1").Sign()).PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(Enumerable.Repeat((499, true), Leaves),
            trail.Select(entry => (entry.GetProperty("status").GetInt32(), entry.TryGetProperty("clientLeft", out var left) && left.GetBoolean())));
        Assert.All(heard, bytes => Assert.Equal(0, bytes));
        Assert.Equal(System.Net.HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal));
        // One Debug line each: the gateway's, where the read failed first, or the framework's, where the abort came first.
        Assert.Equal(Leaves, logs.Lines.Count(line => line.StartsWith("Debug", StringComparison.Ordinal)
            && (line.Contains("The client left", StringComparison.Ordinal)
                || line.Contains("The request was aborted by the client", StringComparison.Ordinal))));
    }

    /// <summary>How many bytes the gateway sent before it closed the connection.</summary>
    static async Task<int> ReceivedUntilClosedAsync(Socket socket)
    {
        var (buffer, total) = (new byte[4096], 0);
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, Json.Cancel)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException)
        {
            // Closed with a reset: what came before it is counted.
        }
        return total;
    }

    static bool IsStartOf(string line, string method) =>
        line.Contains("Request starting", StringComparison.Ordinal) && line.Contains($" {method} ", StringComparison.Ordinal);

    /// <summary>
    /// A client that gives up while Agora takes its time is no failure of the gateway's or of Agora's: a forwarded read and
    /// write, the passthrough, a cached read's miss and the join, each given up on a real socket, log nothing above
    /// <c>Debug</c>, and the writes are audited as 499.
    /// </summary>
    [Fact]
    public async Task ClientsThatGiveUpWhileAgoraIsSlowAreNoWarning()
    {
        var logs = new CapturedLogs();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();
        var bearer = new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "room-1" }.Sign();
        string[] calls =
        [
            "GET /api/v1/rooms/room-1/sequences HTTP/1.1",
            "PUT /api/v1/rooms/room-1/states/1 HTTP/1.1",
            $"GET /edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/sequences HTTP/1.1",
            "GET /api/v1/rooms/room-1/resources HTTP/1.1",
            "POST /api/v1/rooms/room-1/join HTTP/1.1",
        ];

        for (var call = 0; call < calls.Length; call++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"{calls[call]}\r\nHost: {address.Authority}\r\nAuthorization: Bearer {bearer}\r\nContent-Length: 0\r\n\r\n"), Json.Cancel);
            await Poll.Until(() => Task.FromResult(upstream.Arrived), arrived => arrived > call);
            socket.Close();
        }
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var trail = await admin.WaitForAuditAsync(2);
        await Poll.Until(() => Task.FromResult(logs.Lines.Count(line => line.Contains("Request finished", StringComparison.Ordinal))),
            finished => finished >= calls.Length);

        Assert.Equal([499, 499], trail.Select(entry => entry.GetProperty("status").GetInt32()));
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client that leaves while Agora's error answer is still coming, which the gateway reads to make its problem: as
    /// when it leaves while a success is copied to it, that is its doing and no failure of Agora's or the gateway's, so
    /// nothing is logged above <c>Debug</c>. Agora has refused the write, and the entry says so: its status, with the
    /// status as the code (its body was never read whole), and that the client left.
    /// </summary>
    [Fact]
    public async Task AClientThatLeavesWhileAgorasErrorIsReadIsNoWarning()
    {
        var logs = new CapturedLogs();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("{\"code\":30409100,", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();

        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"PUT /api/v1/rooms/room-1/states/1 HTTP/1.1\r\nHost: {address.Authority}\r\n"
                + $"Authorization: Bearer {TestJwt.Teacher("room-1").Sign()}\r\nContent-Length: 0\r\n\r\n"), Json.Cancel);
            // YARP has Agora's answer head: the gateway is reading its body.
            await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("response 409", StringComparison.Ordinal))), heard => heard);
        }
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal))), finished => finished);
        var trail = await gateway.CreateClient(TestJwt.Admin().Sign()).WaitForAuditAsync(1);

        var entry = Assert.Single(trail);
        Assert.Equal((409, 409, true), (entry.GetProperty("status").GetInt32(), entry.GetProperty("code").GetInt32(), entry.GetProperty("clientLeft").GetBoolean()));
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client that leaves while Agora's answer is still coming: the copy to it fails, which is its doing, not Agora's or
    /// the gateway's, and is logged at <c>Debug</c> only; the gateway goes on answering others.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AClientThatLeavesMidAnswerIsNoWarning(bool reset)
    {
        var logs = new CapturedLogs();
        var secondHalf = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"code\":0,\"msg\":\"Success\",\"ts\":1,\"data\":{\"list\":[\"" + new string('a', 64 * 1024), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await secondHalf.Task;
            await context.Response.WriteAsync(new string('b', 1024 * 1024) + "\"]}}", context.RequestAborted);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();

        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"GET /api/v1/rooms/room-1/sequences HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {TestJwt.Teacher("room-1").Sign()}\r\n\r\n"), Json.Cancel);
            var (received, read, buffer) = (0, -1, new byte[16 * 1024]);
            while (received < 32 * 1024 && read != 0)
            {
                received += read = await socket.ReceiveAsync(buffer, Json.Cancel);
            }
            Assert.True(received >= 32 * 1024, $"the answer ended after {received} bytes");
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        secondHalf.SetResult();
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal))), finished => finished);
        var after = await gateway.CreateClient(TestJwt.Teacher("room-1").Sign()).PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(System.Net.HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal));
    }
}
