namespace Gateway.Tests.Support;

/// <summary>
/// Two instances sharing one real Redis: the sandbox (its embedded emulator is Agora) and a second gateway in front of
/// that emulator, both connected to Redis before the test goes on.
/// </summary>
public static class SandboxPair
{
    public static Task<(GatewayFactory Sandbox, GatewayFactory Peer)> StartAsync(IRedisDeployment redis) =>
        StartAsync(("Redis:Configuration", redis.Configuration));

    /// <summary>The two with the same <paramref name="settings"/>, which name the Redis they share.</summary>
    public static async Task<(GatewayFactory Sandbox, GatewayFactory Peer)> StartAsync(params (string Key, string? Value)[] settings)
    {
        var sandbox = new GatewayFactory(settings.ToDictionary(s => s.Key, s => s.Value));
        sandbox.StartServer();
        var peer = GatewayFactory.InFrontOf(sandbox.Emulator.BaseUrl, settings);
        await GatewayCluster.WaitUntilRedisAnswers(sandbox);
        await GatewayCluster.WaitUntilRedisAnswers(peer);
        return (sandbox, peer);
    }
}
