using System.Globalization;

namespace Gateway.Tests.Support;

/// <summary>
/// A real Redis Cluster on loopback: <c>redis-server</c> primaries in cluster mode, each owning a share of the 16384
/// slots (no replicas), joined by <c>redis-cli --cluster create</c> and ready once every node reports
/// <c>cluster_state:ok</c>. The gateway is given all its nodes, as an operator would list them.
/// </summary>
public sealed class RedisCluster : IRedisDeployment
{
    readonly string _folder;

    RedisCluster(IReadOnlyList<RedisServer> nodes, string folder)
    {
        Nodes = nodes;
        _folder = folder;
    }

    public IReadOnlyList<RedisServer> Nodes { get; }

    public string Configuration => string.Join(',', Nodes.Select(n => n.Configuration));

    public static async Task<RedisCluster> StartAsync(int primaries = 3)
    {
        var folder = Directory.CreateTempSubdirectory("redis-cluster-").FullName;
        var nodes = new List<RedisServer>();
        try
        {
            for (var i = 0; i < primaries; i++)
            {
                nodes.Add(await RedisServer.StartAsync(port =>
                [
                    "--cluster-enabled", "yes", "--cluster-port", Text(LoopbackPort.Free()),
                    "--cluster-config-file", Path.Combine(folder, $"nodes-{port}.conf"), "--cluster-node-timeout", "5000", "--dir", folder,
                ]));
            }
            await nodes[0].CliAsync(["--cluster", "create", .. nodes.Select(n => n.Configuration), "--cluster-replicas", "0", "--cluster-yes"]);
            foreach (var node in nodes)
            {
                var info = await Poll.Until(() => node.CliAsync("cluster", "info"), text => text.Contains("cluster_state:ok", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(60));
                Assert.Contains("cluster_state:ok", info);
            }
            return new RedisCluster(nodes, folder);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>The node owning <paramref name="key"/>'s slot: the one that answers for it rather than redirecting.</summary>
    public async Task<RedisServer> OwnerOfAsync(string key)
    {
        foreach (var node in Nodes)
        {
            if (!(await node.CliAsync("exists", key)).Contains("MOVED", StringComparison.Ordinal))
            {
                return node;
            }
        }
        throw new InvalidOperationException($"no node owns {key}");
    }

    static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
