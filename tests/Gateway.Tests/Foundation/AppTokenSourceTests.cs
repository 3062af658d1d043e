using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Gateway.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Foundation;

/// <summary>The gateway's app token: kept while a margin of its life remains, then minted again.</summary>
public sealed class AppTokenSourceTests
{
    [Fact]
    public async Task TheAppTokenIsKeptUntilOnlyTheMarginOfItsLifeRemains()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory { Clock = clock };
        gateway.StartServer();
        var source = new AppTokenSource(gateway.Services.GetRequiredService<IOptions<AgoraOptions>>(), clock,
            gateway.Services.GetRequiredService<GatewayMetrics>());

        var first = source.Token();
        clock.Advance(TimeSpan.FromMinutes(47));
        var kept = source.Token();
        clock.Advance(TimeSpan.FromMinutes(2));
        var renewed = source.Token();

        // The default lifetime is 3600 s, so the margin is 12 min: kept at 47 min, renewed at 49.
        Assert.Equal(first, kept);
        Assert.NotEqual(first, renewed);
        Assert.Equal(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(renewed, AgoraSandbox.Credentials, clock.GetUtcNow()).App());
        Assert.Equal(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(kept, AgoraSandbox.Credentials, clock.GetUtcNow()).App());
    }

    [Fact]
    public async Task CallersRacingForTheFirstAppTokenAllGetOne()
    {
        await using var gateway = new GatewayFactory();
        gateway.StartServer();
        var tokens = new List<string>();
        for (var round = 0; round < 500; round++)
        {
            var source = new AppTokenSource(gateway.Services.GetRequiredService<IOptions<AgoraOptions>>(), TimeProvider.System,
                gateway.Services.GetRequiredService<GatewayMetrics>());
            using var start = new Barrier(4);
            var racing = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait(Json.Cancel);
                return source.Token();
            }, Json.Cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            var racers = await Task.WhenAll(racing);
            Assert.Single(racers.Distinct());
            tokens.Add(racers[0]);
        }
        Assert.Equal(500, tokens.Distinct().Count());
    }
}
