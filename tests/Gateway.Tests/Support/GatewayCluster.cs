using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Support;

/// <summary>
/// Gateway instances as a load balancer would see them: in front of one upstream (whose resource lists change with
/// every write, see <see cref="ChangingResources"/>) and sharing one real Redis — a redis-server, a cluster, a primary
/// behind sentinels — or none.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    readonly List<GatewayFactory> _instances = [];

    GatewayCluster(IRedisDeployment? redis, RecordingUpstream upstream, ChangingResources resources)
    {
        Deployment = redis;
        Upstream = upstream;
        Resources = resources;
    }

    /// <summary>Null when the cluster runs without Redis.</summary>
    public IRedisDeployment? Deployment { get; }

    /// <summary>The one redis-server shared, when that is the deployment.</summary>
    public RedisServer? Redis => Deployment as RedisServer;

    public RecordingUpstream Upstream { get; }

    /// <summary>The upstream's resource lists, which <see cref="Upstream"/> answers from unless a test says otherwise.</summary>
    public ChangingResources Resources { get; }

    public static async Task<GatewayCluster> StartAsync(bool withRedis = true) =>
        await StartAsync(withRedis ? await RedisServer.StartAsync() : null);

    /// <summary>Instances sharing <paramref name="redis"/>, which the cluster disposes of with them.</summary>
    public static async Task<GatewayCluster> StartAsync(IRedisDeployment? redis)
    {
        var upstream = await RecordingUpstream.StartAsync();
        var resources = new ChangingResources();
        upstream.Respond = resources.Respond;
        return new GatewayCluster(redis, upstream, resources);
    }

    /// <summary>One more instance, with the shared Redis and upstream plus <paramref name="settings"/>.</summary>
    public GatewayFactory AddInstance(params (string Key, string? Value)[] settings) => AddInstance(testServices: null, settings);

    /// <summary>One more instance, as above, whose services <paramref name="testServices"/> changes.</summary>
    public GatewayFactory AddInstance(Action<IServiceCollection>? testServices, params (string Key, string? Value)[] settings)
    {
        var instance = new GatewayFactory(GatewayFactory.OutsideTheSandbox(Upstream.BaseUrl,
            [("Redis:Configuration", Deployment?.Configuration), .. settings])) { TestServices = testServices };
        _instances.Add(instance);
        return instance;
    }

    /// <summary>One more instance, as the first <c>AddInstance</c> makes it, once its first connection to Redis is made.</summary>
    public Task<GatewayFactory> AddConnectedInstanceAsync(params (string Key, string? Value)[] settings) =>
        AddConnectedInstanceAsync(testServices: null, settings);

    /// <summary>One more instance, whose services <paramref name="testServices"/> changes, once its first connection to Redis is made.</summary>
    public async Task<GatewayFactory> AddConnectedInstanceAsync(Action<IServiceCollection>? testServices, params (string Key, string? Value)[] settings)
    {
        var instance = AddInstance(testServices, settings);
        await WaitUntilRedisAnswers(instance);
        return instance;
    }

    /// <summary>
    /// Start-up waits for Redis only so long, and a loaded machine may take longer to connect: a test about what
    /// Redis shares waits for the connection first, and for the instance's lease of copies (<see cref="Leases.UntilHeldAsync"/>).
    /// </summary>
    public static async Task WaitUntilRedisAnswers(GatewayFactory instance)
    {
        using var client = instance.CreateClient();
        var status = await Poll.Until(async () =>
        {
            var report = await (await client.GetAsync("/readyz", Json.Cancel)).ReadJson();
            return report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();
        }, status => status == "Healthy");
        Assert.Equal("Healthy", status);
        if (instance.Services.GetRequiredService<Gateway.Redis.RedisConnection>().IsConfigured)
        {
            await Leases.UntilHeldAsync(instance);
        }
    }

    /// <summary>What reached the upstream's resource routes (readiness probes reach it too).</summary>
    public IEnumerable<RecordingUpstream.Received> ResourceRequests =>
        Upstream.Requests.Where(r => r.RawTarget.Contains("/resources", StringComparison.Ordinal));

    /// <summary>How many resource lists the upstream was asked for.</summary>
    public int ListReads => ResourceRequests.Count(r => r.Method == "GET");

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await Upstream.DisposeAsync();
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }
    }
}
