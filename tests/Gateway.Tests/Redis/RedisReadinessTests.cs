using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests.Redis;

public sealed class RedisReadinessTests
{
    [Fact]
    public async Task ReadinessFollowsRedisDownAndBackUp()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();

        var up = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);
        redis.Kill();
        var down = await client.GetAsync("/readyz", Json.Cancel);
        await redis.RestartAsync();
        var back = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", (await down.ReadJson()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task WithoutRedisReadinessSaysEverythingIsInProcess()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var report = await (await client.GetAsync("/readyz", Json.Cancel)).ReadJson();

        Assert.Contains("in process", report.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString());
    }
}
