using System.Net;
using Gateway.Health;
using Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Health;

/// <summary>
/// <c>/readyz</c> asks no sign-in: however fast anyone asks it, the gateway knocks on Agora, with its credential, once a
/// second at most, and at once again when the upstream's state changed.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    RecordingUpstream upstream = null!;
    GatewayFactory gateway = null!;
    HttpClient anonymous = null!;

    public async ValueTask InitializeAsync()
    {
        upstream = await RecordingUpstream.StartAsync();
        gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Clock = clock };
        anonymous = gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        anonymous.Dispose();
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task ReadinessRequestsShareOneKnockOnAgoraASecond()
    {

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await anonymous.GetAsync("/readyz", Json.Cancel));
        }
        answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => anonymous.GetAsync("/readyz", Json.Cancel))));
        var knocksAtFirst = upstream.Requests.Count;
        clock.Advance(UpstreamHealthCheck.Fresh);
        answers.Add(await anonymous.GetAsync("/readyz", Json.Cancel));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(1, knocksAtFirst);
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task AnUpstreamThatStopsAnsweringShowsAtTheNextKnock()
    {
        var before = await anonymous.GetAsync("/readyz", Json.Cancel);
        upstream.Respond = RecordingUpstream.Abort;
        var meanwhile = await anonymous.GetAsync("/readyz", Json.Cancel);
        clock.Advance(UpstreamHealthCheck.Fresh);
        var after = await anonymous.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }
}
