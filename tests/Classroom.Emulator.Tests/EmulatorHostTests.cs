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
}
