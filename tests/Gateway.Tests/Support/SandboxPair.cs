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
    public static Task<(GatewayFactory Sandbox, GatewayFactory Peer)> StartAsync(params (string Key, string? Value)[] settings) =>
        StartAsync(settings, settings);

    /// <summary>
    /// The two with settings of their own: each names the Redis it reaches, and as whom. With <paramref name="clock"/>, both
    /// and the emulator tell the time by it.
    /// </summary>
    public static async Task<(GatewayFactory Sandbox, GatewayFactory Peer)> StartAsync((string Key, string? Value)[] sandboxSettings,
        (string Key, string? Value)[] peerSettings, TimeProvider? clock = null)
    {
        var sandbox = new GatewayFactory(sandboxSettings.ToDictionary(s => s.Key, s => s.Value)) { Clock = clock };
        sandbox.StartServer();
        var peer = new GatewayFactory(GatewayFactory.OutsideTheSandbox(sandbox.Emulator.BaseUrl, peerSettings)) { Clock = clock };
        await GatewayCluster.WaitUntilRedisAnswers(sandbox);
        await GatewayCluster.WaitUntilRedisAnswers(peer);
        return (sandbox, peer);
    }
}
