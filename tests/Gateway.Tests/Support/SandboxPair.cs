namespace Gateway.Tests.Support;

/// <summary>
/// Two instances sharing one real Redis: the sandbox (its embedded emulator is Agora) and a second gateway in front of
/// that emulator, both connected to Redis before the test goes on.
/// </summary>
public static class SandboxPair
{
    public static async Task<(GatewayFactory Sandbox, GatewayFactory Peer)> StartAsync(IRedisDeployment redis)
    {
        var sandbox = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        sandbox.StartServer();
        var peer = GatewayFactory.InFrontOf(sandbox.Emulator.BaseUrl, ("Redis:Configuration", redis.Configuration));
        await GatewayCluster.WaitUntilRedisAnswers(sandbox);
        await GatewayCluster.WaitUntilRedisAnswers(peer);
        return (sandbox, peer);
    }
}
