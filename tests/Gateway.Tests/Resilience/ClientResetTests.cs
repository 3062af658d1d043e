using Gateway.Problems;
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
}
