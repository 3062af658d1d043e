namespace Gateway.Tests.Support;

/// <summary>How a server started by a command is judged when it does not come up.</summary>
public sealed class GatewayProcessTests
{
    /// <summary>
    /// A server that could not bind its port writes so as its last words and exits at once: its exit can be seen before
    /// those words are read, and a start judged then took a taken port for a server that never answered, and was not tried
    /// again on another port.
    /// </summary>
    [Fact]
    public async Task AServerThatSaysItsPortIsTakenAndExitsAtOnceIsStartedAgainElsewhere()
    {
        var probe = new Uri("http://127.0.0.1:9/");
        for (var start = 0; start < 100; start++)
        {
            var failed = await Record.ExceptionAsync(() => GatewayProcess.StartAsync(
                ["sh", "-c", "echo 'Failed to bind to address: address already in use.' >&2; exit 1"],
                AppContext.BaseDirectory, new Dictionary<string, string>(), baseUrl: null, probe, TimeSpan.FromSeconds(60)));

            Assert.IsType<LoopbackPort.TakenException>(failed);
        }
    }
}
