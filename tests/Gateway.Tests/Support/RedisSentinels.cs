using System.Globalization;

namespace Gateway.Tests.Support;

/// <summary>
/// A real Redis primary with one replica, watched by three <c>redis-sentinel</c>s (quorum two) that fail over to the
/// replica a second after the primary stops answering. The gateway is given the sentinels and the service name, as
/// StackExchange.Redis connects through sentinels, and follows the primary they name.
/// </summary>
public sealed class RedisSentinels : IRedisDeployment
{
    public const string ServiceName = "classroom";

    readonly string _folder;

    RedisSentinels(RedisServer primary, RedisServer replica, IReadOnlyList<RedisServer> sentinels, string folder)
    {
        Primary = primary;
        Replica = replica;
        Sentinels = sentinels;
        _folder = folder;
    }

    /// <summary>The primary the deployment started with; after a failover, <see cref="Replica"/> is the primary.</summary>
    public RedisServer Primary { get; }

    public RedisServer Replica { get; }

    public IReadOnlyList<RedisServer> Sentinels { get; }

    public string Configuration => string.Join(',', Sentinels.Select(s => s.Configuration)) + ",serviceName=" + ServiceName;

    public static async Task<RedisSentinels> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("redis-sentinels-").FullName;
        var servers = new List<RedisServer>();
        try
        {
            var primary = await RedisServer.StartAsync();
            servers.Add(primary);
            var replica = await RedisServer.StartAsync("--replicaof", "127.0.0.1", Text(primary.Port));
            servers.Add(replica);
            await Until(replica, ["info", "replication"], "master_link_status:up");
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
                await Until(sentinel, ["sentinel", "master", ServiceName], "num-slaves\n1");
            }
            return new RedisSentinels(primary, replica, sentinels, folder);
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

    /// <summary>Kills the primary (SIGKILL, as a lost machine) and returns once every sentinel names the replica instead.</summary>
    public async Task KillPrimaryAndAwaitFailoverAsync()
    {
        Primary.Kill();
        foreach (var sentinel in Sentinels)
        {
            await Until(sentinel, ["sentinel", "get-master-addr-by-name", ServiceName], $"\n{Text(Replica.Port)}");
        }
        await Until(Replica, ["role"], "master");
    }

    static async Task Until(RedisServer server, string[] command, string expected)
    {
        var answer = await Poll.Until(() => server.CliAsync(command), text => text.Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        Assert.Contains(expected, answer);
    }

    static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Sentinels.Append(Replica).Append(Primary))
        {
            await server.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }
}
