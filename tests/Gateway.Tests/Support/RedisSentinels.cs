using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Support;

/// <summary>
/// A real Redis primary with two replicas, watched by three <c>redis-sentinel</c>s (quorum two) that promote one of the
/// replicas a second after the primary stops answering. Every data node is set as docs/caching.md asks of a Sentinel
/// deployment, <see cref="DataNodeSettings"/>: a primary without a replica connected refuses writes, so a killed primary
/// that comes back still a primary takes none before the sentinels make it a replica. Two replicas, so that one still
/// follows the promoted one. The gateway is given the sentinels and the service name, as StackExchange.Redis connects
/// through sentinels, and follows the primary they name.
/// </summary>
public sealed partial class RedisSentinels : IRedisDeployment
{
    public const string ServiceName = "classroom";

    /// <summary>What every data node of a Sentinel deployment runs with: writes need one replica acknowledging within 10 s.</summary>
    public static readonly string[] DataNodeSettings = ["--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"];

    readonly string _folder;

    RedisSentinels(RedisServer primary, IReadOnlyList<RedisServer> replicas, IReadOnlyList<RedisServer> sentinels, string folder)
    {
        Primary = primary;
        Replicas = replicas;
        Sentinels = sentinels;
        _folder = folder;
    }

    /// <summary>The primary the deployment started with; after a failover, <see cref="Promoted"/> is the primary.</summary>
    public RedisServer Primary { get; }

    public IReadOnlyList<RedisServer> Replicas { get; }

    /// <summary>The replica the sentinels promoted, once <see cref="KillPrimaryAndAwaitFailoverAsync"/> has returned.</summary>
    public RedisServer? Promoted { get; private set; }

    public IReadOnlyList<RedisServer> Sentinels { get; }

    public string Configuration => string.Join(',', Sentinels.Select(s => s.Configuration)) + ",serviceName=" + ServiceName;

    public static async Task<RedisSentinels> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("redis-sentinels-").FullName;
        var servers = new List<RedisServer>();
        try
        {
            var primary = await RedisServer.StartAsync(DataNodeSettings);
            servers.Add(primary);
            var replicas = new List<RedisServer>();
            for (var i = 0; i < 2; i++)
            {
                var replica = await RedisServer.StartAsync([.. DataNodeSettings, "--replicaof", "127.0.0.1", Text(primary.Port)]);
                servers.Add(replica);
                replicas.Add(replica);
                await Until(replica, ["info", "replication"], "master_link_status:up");
            }
            var sentinels = new List<RedisServer>();
            for (var i = 0; i < 3; i++)
            {
                var sentinel = await RedisServer.StartSentinelAsync(port =>
                {
                    var file = Path.Combine(folder, $"sentinel-{port}.conf");
                    File.WriteAllLines(file,
                    [
                        $"port {Text(port)}", "bind 127.0.0.1", "protected-mode no", $"dir {folder}",
                        $"sentinel monitor {ServiceName} 127.0.0.1 {Text(primary.Port)} 2",
                        $"sentinel down-after-milliseconds {ServiceName} 1000",
                        $"sentinel failover-timeout {ServiceName} 10000",
                    ]);
                    return file;
                });
                servers.Add(sentinel);
                sentinels.Add(sentinel);
            }
            // A failover needs a majority of sentinels that know each other and the replica.
            foreach (var sentinel in sentinels)
            {
                await Until(sentinel, ["sentinel", "master", ServiceName], "num-other-sentinels\n2");
                await Until(sentinel, ["sentinel", "master", ServiceName], "num-slaves\n2");
            }
            return new RedisSentinels(primary, replicas, sentinels, folder);
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>
    /// Kills the primary (SIGKILL, as a lost machine) and returns once every sentinel names the same replica instead, and
    /// it is a primary the other replica follows, so that it takes writes.
    /// </summary>
    public async Task KillPrimaryAndAwaitFailoverAsync()
    {
        Primary.Kill();
        Promoted = await AwaitOnePrimaryAsync(Replicas);
    }

    /// <summary>The primary now: <see cref="Primary"/> until a failover, then the node it promoted.</summary>
    public RedisServer Current => Promoted ?? Primary;

    /// <summary>
    /// Asks the sentinels for a failover, as an operator does before maintenance (<c>SENTINEL FAILOVER</c>, asked again
    /// while the last one's replicas still resynchronise), every node alive, and returns once every sentinel names another
    /// node and it is a primary a replica follows.
    /// </summary>
    public async Task FailOverAndAwaitAsync()
    {
        var from = Current;
        var asked = await Poll.Until(() => Sentinels[0].CliAsync("sentinel", "failover", ServiceName),
            answer => answer.Trim() == "OK", TimeSpan.FromSeconds(60));
        Assert.Equal("OK", asked.Trim());
        Promoted = await AwaitOnePrimaryAsync([.. Replicas.Append(Primary).Where(node => node != from)]);
    }

    /// <summary>
    /// The one of <paramref name="candidates"/> every sentinel names as the primary, once it says it is one with a replica following. The sentinels are
    /// asked afresh on each look: they may fail over again, as they do when a promoted replica stops answering for a
    /// second on a busy machine, and then another replica is the primary.
    /// </summary>
    async Task<RedisServer> AwaitOnePrimaryAsync(IReadOnlyList<RedisServer> candidates)
    {
        var (named, answers) = ((RedisServer?)null, Array.Empty<string>());
        var settled = await Poll.Until(async () =>
        {
            answers = await Task.WhenAll(Sentinels.Select(s => s.CliAsync("sentinel", "get-master-addr-by-name", ServiceName)));
            named = candidates.SingleOrDefault(node => answers.All(answer => PortOf(answer) == Text(node.Port)));
            return named is not null && FollowedPrimary().IsMatch(await named.CliAsync("info", "replication"));
        }, settled => settled, TimeSpan.FromSeconds(90));
        Assert.True(settled, $"no node became the one primary a replica follows; the sentinels name {string.Join(" | ", answers)} and said:\n"
            + string.Join("\n---\n", Sentinels.Select(sentinel => sentinel.Said())));
        return named!;
    }

    /// <summary>The port of an address as <c>redis-cli</c> prints it, host and port on lines of their own.</summary>
    static string PortOf(string address) => address.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    [GeneratedRegex(@"role:master\r?\n(.*\n)*connected_slaves:[1-9]")]
    private static partial Regex FollowedPrimary();

    /// <summary>
    /// Starts the killed primary again as it was configured, a primary (empty, as it keeps nothing on disk), and returns
    /// once it serves; the sentinels make it a replica of the promoted one some seconds later.
    /// </summary>
    public Task RestartOldPrimaryAsync() => Primary.RestartAsync();

    /// <summary>Returns once the old primary, restarted, has been made a replica of the promoted one and holds its data.</summary>
    public Task AwaitOldPrimaryFollowsAsync() => Until(Primary, ["info", "replication"], "master_link_status:up");

    static async Task Until(RedisServer server, string[] command, string expected)
    {
        var answer = await Poll.Until(() => server.CliAsync(command), text => text.Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        Assert.Contains(expected, answer);
    }

    static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Sentinels.Concat(Replicas).Append(Primary))
        {
            await server.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
