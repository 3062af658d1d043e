using System.Net;

namespace Classroom.Emulator.Tests;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task StandaloneHostAnswersOnLoopback()
    {
        await using var app = EmulatorHost.Build([], defaultUrl: "http://127.0.0.1:0");
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Named <c>urls</c> are where it listens alone: Kestrel endpoints beside them (a hosting process's own, read from its
    /// environment) are not bound, here one whose address is taken, which would fail the start.
    /// </summary>
    [Fact]
    public async Task NamedUrlsAreWhereItListensWhateverKestrelEndpointsAreConfigured()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var app = EmulatorHost.Build(["--urls=http://127.0.0.1:0", $"--Kestrel:Endpoints:host:Url=http://127.0.0.1:{port}"],
            defaultUrl: "http://127.0.0.1:0");
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(port, client.BaseAddress.Port);
    }
}
