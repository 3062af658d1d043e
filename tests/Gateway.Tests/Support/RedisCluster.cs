using System.Globalization;

namespace Gateway.Tests.Support;

/// <summary>
/// A real Redis Cluster on loopback: <c>redis-server</c> primaries in cluster mode, each owning a share of the 16384
/// slots, with as many replicas each as asked, joined by <c>redis-cli --cluster create</c> and ready once every node
/// reports <c>cluster_state:ok</c> and every replica has its primary's data. The gateway is given all its nodes, as an
/// operator would list them. A test can kill the primary serving a key, ask its replica to take over
/// (<c>CLUSTER FAILOVER</c>), or move the key's slot to another primary key by key while the gateway runs.
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

    /// <summary>
    /// A cluster of <paramref name="primaries"/> primaries and <paramref name="replicasEach"/> replicas of each, whose nodes
    /// take a primary for failed once it has not answered for <paramref name="nodeTimeoutMilliseconds"/>.
    /// </summary>
    public static async Task<RedisCluster> StartAsync(int primaries = 3, int replicasEach = 0, int nodeTimeoutMilliseconds = 5000)
    {
        var folder = Directory.CreateTempSubdirectory("redis-cluster-").FullName;
        var nodes = new List<RedisServer>();
        try
        {
            for (var i = 0; i < primaries * (1 + replicasEach); i++)
            {
                nodes.Add(await RedisServer.StartAsync(port =>
                [
                    "--cluster-enabled", "yes", "--cluster-port", Text(LoopbackPort.Free()),
                    "--cluster-config-file", Path.Combine(folder, $"nodes-{port}.conf"), "--cluster-node-timeout", Text(nodeTimeoutMilliseconds),
                    "--dir", folder,
                ]));
            }
            await nodes[0].CliAsync(["--cluster", "create", .. nodes.Select(n => n.Configuration), "--cluster-replicas", Text(replicasEach), "--cluster-yes"]);
            var cluster = new RedisCluster(nodes, folder);
            await cluster.AwaitSettledAsync();
            return cluster;
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

    /// <summary>The node owning <paramref name="key"/>'s slot: the one that answers for it rather than redirecting or refusing.</summary>
    public async Task<RedisServer> OwnerOfAsync(string key)
    {
        foreach (var node in Nodes.Where(node => node.IsRunning))
        {
            if ((await node.CliAsync("exists", key)).Trim() is "0" or "1")
            {
                return node;
            }
        }
        throw new InvalidOperationException($"no node owns {key}");
    }

    /// <summary>
    /// Kills the primary serving <paramref name="key"/> (SIGKILL, as a lost machine) and returns once its replica has been
    /// promoted and the cluster serves every slot again.
    /// </summary>
    public async Task KillPrimaryAndAwaitFailoverAsync(string key)
    {
        var primary = await OwnerOfAsync(key);
        var replica = await ReplicaOfAsync(primary);
        primary.Kill();
        await AwaitPrimaryAsync(replica);
    }

    /// <summary>The primaries serving <paramref name="keys"/>, each once.</summary>
    public async Task<IReadOnlyList<RedisServer>> OwnersOfAsync(IEnumerable<string> keys)
    {
        var owners = new List<RedisServer>();
        foreach (var key in keys)
        {
            owners.Add(await OwnerOfAsync(key));
        }
        return owners.Distinct().ToList();
    }

    /// <summary>
    /// Asks the replica of <paramref name="primary"/> to take over (<c>CLUSTER FAILOVER</c>, as an operator
    /// does before maintenance: the primary stops taking writes until the replica has caught up, then the two swap), and
    /// returns once the old primary follows the new one.
    /// </summary>
    /// <remarks>
    /// The primaries vote for one failover of a shard per two node timeouts: a second one asked of the same shard sooner
    /// does not happen.
    /// </remarks>
    public async Task FailOverAndAwaitAsync(RedisServer primary)
    {
        var replica = await ReplicaOfAsync(primary);
        // A failover the primaries would not vote for yet times out on the replica after some seconds: it is asked again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        do
        {
            Assert.Equal("OK", (await replica.CliAsync("cluster", "failover")).Trim());
        }
        while (!IsPrimary(await Poll.Until(() => replica.CliAsync("role"), IsPrimary, TimeSpan.FromSeconds(15))) && DateTime.UtcNow < deadline);
        await AwaitPrimaryAsync(replica);
        await Until(primary, ["info", "replication"], "master_link_status:up");
    }

    /// <summary>
    /// Starts a killed node again on its port with its cluster file, as an operator brings a lost machine back, and returns
    /// once the cluster has made it a replica of the node promoted in its place and it holds that node's data.
    /// </summary>
    public async Task RestartAndAwaitFollowingAsync(RedisServer node)
    {
        await node.RestartAsync();
        await Until(node, ["info", "replication"], "master_link_status:up");
        await AwaitSettledAsync();
    }

    /// <summary>
    /// Moves <paramref name="key"/>'s slot to another primary by hand, as <c>redis-cli --cluster reshard</c> does it, one key
    /// at a time with <paramref name="pause"/> between: the slot is importing on the target and migrating on its owner, so a
    /// client meets <c>ASK</c> for the keys already moved, and <c>TRYAGAIN</c> for a command whose keys are on both; then
    /// every primary is told the slot's new owner, and a client meets <c>MOVED</c>. Answers the new owner.
    /// </summary>
    public async Task<RedisServer> MoveSlotAsync(string key, TimeSpan pause)
    {
        var from = await OwnerOfAsync(key);
        var primaries = await PrimariesAsync();
        var to = primaries.First(node => node != from);
        var slot = (await from.CliAsync("cluster", "keyslot", key)).Trim();
        var (fromId, toId) = (await IdOfAsync(from), await IdOfAsync(to));
        Assert.Equal("OK", (await to.CliAsync("cluster", "setslot", slot, "importing", fromId)).Trim());
        Assert.Equal("OK", (await from.CliAsync("cluster", "setslot", slot, "migrating", toId)).Trim());
        while ((await from.CliAsync("cluster", "getkeysinslot", slot, "1")).Trim() is { Length: > 0 } next)
        {
            var moved = (await from.CliAsync("migrate", "127.0.0.1", Text(to.Port), "", "0", "5000", "keys", next)).Trim();
            Assert.True(moved is "OK" or "NOKEY", $"MIGRATE of {next}: {moved}");
            await Task.Delay(pause, TestContext.Current.CancellationToken);
        }
        // The target first, so that the slot is never owned by no one (as redis-cli does it).
        foreach (var node in primaries.OrderBy(node => node != to))
        {
            Assert.Equal("OK", (await node.CliAsync("cluster", "setslot", slot, "node", toId)).Trim());
        }
        return to;
    }

    /// <summary>How many times the running nodes answered a command with the error <paramref name="kind"/> (<c>MOVED</c>, <c>ASK</c>, <c>TRYAGAIN</c>, …).</summary>
    public async Task<long> ErrorsAnsweredAsync(string kind)
    {
        var total = 0L;
        foreach (var node in Nodes.Where(node => node.IsRunning))
        {
            var line = (await node.CliAsync("info", "errorstats")).Split('\n').FirstOrDefault(l => l.StartsWith($"errorstat_{kind}:count=", StringComparison.Ordinal));
            total += line is null ? 0 : long.Parse(line.Split('=')[1].Trim(), CultureInfo.InvariantCulture);
        }
        return total;
    }

    /// <summary>The primaries now, as every running node agrees once the cluster has settled.</summary>
    async Task<List<RedisServer>> PrimariesAsync()
    {
        var primaries = new List<RedisServer>();
        foreach (var node in Nodes.Where(node => node.IsRunning))
        {
            if (IsPrimary(await node.CliAsync("role")))
            {
                primaries.Add(node);
            }
        }
        return primaries;
    }

    async Task<RedisServer> ReplicaOfAsync(RedisServer primary)
    {
        var id = await IdOfAsync(primary);
        foreach (var node in Nodes.Where(node => node.IsRunning && node != primary))
        {
            if ((await node.CliAsync("info", "replication")).Contains($"master_port:{Text(primary.Port)}", StringComparison.Ordinal))
            {
                return node;
            }
        }
        throw new InvalidOperationException($"no replica follows node {id}");
    }

    static bool IsPrimary(string role) => role.StartsWith("master", StringComparison.Ordinal);

    static async Task<string> IdOfAsync(RedisServer node) => (await node.CliAsync("cluster", "myid")).Trim();

    /// <summary>Returns once <paramref name="node"/> is a primary that every running node counts on, and the cluster serves every slot.</summary>
    async Task AwaitPrimaryAsync(RedisServer node)
    {
        var role = await Poll.Until(() => node.CliAsync("role"), IsPrimary, TimeSpan.FromSeconds(90));
        Assert.StartsWith("master", role);
        await AwaitSettledAsync();
    }

    /// <summary>Returns once every running node says the cluster is whole and every running replica holds its primary's data.</summary>
    async Task AwaitSettledAsync()
    {
        foreach (var node in Nodes.Where(node => node.IsRunning))
        {
            await Until(node, ["cluster", "info"], "cluster_state:ok");
            if ((await node.CliAsync("role")).StartsWith("slave", StringComparison.Ordinal))
            {
                await Until(node, ["info", "replication"], "master_link_status:up");
            }
        }
    }

    static async Task Until(RedisServer node, string[] command, string expected, TimeSpan? limit = null)
    {
        var answer = await Poll.Until(() => node.CliAsync(command), text => text.Contains(expected, StringComparison.Ordinal),
            limit ?? TimeSpan.FromSeconds(60));
        Assert.Contains(expected, answer);
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
