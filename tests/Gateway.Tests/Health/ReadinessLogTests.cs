using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests.Health;

/// <summary>What asking <c>/readyz</c> writes to an operator's console, at the shipped levels (appsettings.json).</summary>
public sealed class ReadinessLogTests
{
    /// <summary>
    /// <c>/readyz</c> needs no sign-in, and a monitor asks it every few seconds for as long as an outage lasts: the outage is
    /// the gateway's to tell, once (Redis's failed connection, at most once a minute), not a line per readiness request,
    /// or anyone asking it as fast as they can would fill the log with errors while Redis or Agora is down.
    /// </summary>
    [Fact]
    public async Task ReadinessAskedDuringAnOutageWritesNoLineARequest()
    {
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"),
            ("Events:PollingEnabled", "false"), ("Redis:Configuration", "127.0.0.1:9"));
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseUrl };
        var started = gateway.Output.Length;

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add((await anonymous.GetAsync("/readyz", Json.Cancel)).StatusCode);
        }
        await gateway.DisposeAsync();

        var written = gateway.Output[started..];
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, answers.Count), answers);
        Assert.Equal("", string.Join('\n', written.Split('\n').Where(line => line.Contains("Health check", StringComparison.Ordinal))));
        Assert.DoesNotContain("fail:", written, StringComparison.Ordinal);
    }
}
