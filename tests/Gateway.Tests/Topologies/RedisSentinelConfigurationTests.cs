using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests.Topologies;

/// <summary>
/// A Sentinel deployment named wrongly in <c>Redis:Configuration</c>: the sentinels answer, but name no primary for the
/// service given (or no service is given), so the client never reaches a data node. That is said for what it is, at
/// start and by readiness, not as a failure to connect to a sentinel that answers; readiness, which answers anyone, names
/// no sentinel, and the log does.
/// </summary>
public sealed class RedisSentinelConfigurationTests
{
    [Theory]
    [InlineData(",serviceName=no-such-service", "no-such-service")]
    [InlineData("", "serviceName")]
    public async Task SentinelsThatNameNoPrimaryForTheServiceAreSaidAtStartAndByReadiness(string service, string named)
    {
        await using var redis = await RedisSentinels.StartAsync();
        var logs = new CapturedLogs();
        var configuration = string.Join(',', redis.Sentinels.Select(s => s.Configuration)) + service;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = configuration }) { Logs = logs };
        using var client = gateway.CreateClient();

        var said = await Poll.Until(async () => (await (await client.GetAsync("/readyz", Json.Cancel)).ReadJson())
            .GetProperty("checks").GetProperty("redis").GetProperty("description").GetString()!, description => description.Contains(named));
        var logged = await Poll.Until(() => Task.FromResult(logs.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal)
            && line.Contains("Gateway.Redis") && line.Contains(named)).ToList()), lines => lines.Count > 0);

        Assert.Contains(named, said);
        Assert.Contains("sentinel", said, StringComparison.OrdinalIgnoreCase);
        Assert.All(redis.Sentinels, sentinel => Assert.DoesNotContain(sentinel.Configuration, said, StringComparison.Ordinal));
        Assert.All(redis.Sentinels, sentinel => Assert.Contains(logged, line => line.Contains(sentinel.Configuration, StringComparison.Ordinal)));
    }
}
