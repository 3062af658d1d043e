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
        var down = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode != HttpStatusCode.OK);
        await redis.RestartAsync();
        var back = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", (await down.ReadJson()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Fact]
    public async Task ReadinessIsUnhealthyWhileAClusterIsDownAndHealthyOnceItIsBack()
    {
        await using var redis = await RedisCluster.StartAsync();
        // A node not owning the event log's key: the nodes left answer a PING, and CLUSTERDOWN to every command on a key.
        var owner = await redis.OwnerOfAsync(SandboxKeys.Events + "log");
        var notOwningTheLog = redis.Nodes.First(node => node != owner);
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();

        var up = await Poll.Until(() => ReadinessAsync(client), r => r.Status == HttpStatusCode.OK);
        notOwningTheLog.Kill();
        // The nodes left mark the cluster failed once they have missed the node for cluster-node-timeout (5 s). Read by
        // the Redis check: on a busy machine the upstream's check can make readiness a 503 for a moment of its own.
        var down = await Poll.Until(() => ReadinessAsync(client), r => r.Redis == "Unhealthy", TimeSpan.FromSeconds(60));
        var stateWhileDown = await owner.CliAsync("cluster", "info");
        await notOwningTheLog.RestartAsync();
        var back = await Poll.Until(() => ReadinessAsync(client), r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, up.Status);
        Assert.Contains("cluster_state:fail", stateWhileDown);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), down);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), back);
    }

    /// <summary>
    /// A cluster may keep the audit trail on another primary than the event log's: one of them refusing writes (out of
    /// memory, while the other takes them) holds every audit entry in memory, and readiness says so.
    /// </summary>
    [Fact]
    public async Task ReadinessIsUnhealthyWhileThePrimaryOfTheAuditTrailRefusesWritesAndTheEventLogsTakesThem()
    {
        await using var redis = await RedisCluster.StartAsync();
        var logOwner = await redis.OwnerOfAsync(SandboxKeys.Events + "log");
        var auditOwner = await redis.OwnerOfAsync(SandboxKeys.AuditLog);
        if (auditOwner == logOwner)
        {
            auditOwner = await redis.MoveSlotAsync(SandboxKeys.AuditLog, TimeSpan.Zero);
        }
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();

        var up = await Poll.Until(() => ReadinessAsync(client), r => r.Status == HttpStatusCode.OK);
        await auditOwner.CliAsync("config", "set", "maxmemory", "1");
        var refusing = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode != HttpStatusCode.OK);
        var auditRefused = await auditOwner.CliAsync("set", SandboxKeys.AuditLog + "-probe", "1");
        await auditOwner.CliAsync("config", "set", "maxmemory", "0");
        var back = await Poll.Until(() => ReadinessAsync(client), r => r.Status == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, up.Status);
        Assert.NotEqual(logOwner, auditOwner);
        Assert.StartsWith("OOM", auditRefused.Trim(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusing.StatusCode);
        var check = (await refusing.ReadJson()).GetProperty("checks").GetProperty("redis");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.StartsWith("Redis refuses writes (", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, back.Status);
    }

    /// <summary>
    /// <c>/readyz</c> needs no sign-in: one write to Redis answers the readiness requests of a second from its start,
    /// those asked at once too, rather than one write each.
    /// </summary>
    [Fact]
    public async Task ReadinessRequestsShareOneWriteToRedisASecond()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();
        await Poll.Until(() => ReadinessAsync(client), r => r.Redis == "Healthy");
        await using var monitor = await RedisMonitor.StartAsync(redis);
        await Task.Delay(Gateway.Redis.RedisHealthCheck.Fresh, Json.Cancel);

        var asking = System.Diagnostics.Stopwatch.StartNew();
        var answers = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await ReadinessAsync(client));
        }
        answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ReadinessAsync(client))));
        var askedFor = asking.Elapsed;
        await Task.Delay(Gateway.Redis.RedisHealthCheck.Fresh, Json.Cancel);
        answers.Add(await ReadinessAsync(client));
        await monitor.CaughtUpAsync(redis);
        int WritesOf(string key) => monitor.Commands.Count(c => c is { Name: "SET" or "SETEX" or "PSETEX", Words: [_, var written, ..] } && written == key);

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, "Healthy"), answer));
        // One write of each key for each second the 40 requests took (at least one), and one for the request a second after them.
        Assert.InRange(WritesOf(SandboxKeys.Events + "ready"), 2, 2 + (int)(askedFor / Gateway.Redis.RedisHealthCheck.Fresh));
        Assert.InRange(WritesOf(SandboxKeys.Audit + "ready"), 2, 2 + (int)(askedFor / Gateway.Redis.RedisHealthCheck.Fresh));
    }

    /// <summary>A Redis out of memory answers and refuses every write: readiness says it refuses, and why, not that it does not answer.</summary>
    [Fact]
    public async Task ARedisOutOfMemoryIsNamedARefusalByReadiness()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();
        await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);

        await redis.CliAsync("config", "set", "maxmemory-policy", "noeviction");
        await redis.CliAsync("config", "set", "maxmemory", "1");
        // A readiness request within a second of the last shares its write.
        using var refusing = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode != HttpStatusCode.OK);
        var description = (await refusing.ReadJson()).GetProperty("checks").GetProperty("redis").GetProperty("description").GetString();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusing.StatusCode);
        Assert.StartsWith("Redis refuses writes (", description, StringComparison.Ordinal);
    }

    /// <summary>Readiness's status, and its Redis check's.</summary>
    static async Task<(HttpStatusCode Status, string? Redis)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz", Json.Cancel);
        return (response.StatusCode, (await response.ReadJson()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    /// <summary>A primary that answers reads and refuses writes (too few replicas) can store no event, entry or count.</summary>
    [Fact]
    public async Task ReadinessIsUnhealthyWhileThePrimaryRefusesWrites()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var client = gateway.CreateClient();

        var up = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);
        await redis.CliAsync("config", "set", "min-replicas-to-write", "1");
        var refusing = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode != HttpStatusCode.OK);
        await redis.CliAsync("config", "set", "min-replicas-to-write", "0");
        var back = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusing.StatusCode);
        var check = (await refusing.ReadJson()).GetProperty("checks").GetProperty("redis");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains("refuses writes (NoReplicas)", check.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    /// <summary>A Redis that refuses the gateway's password is said, in the log and by readiness, and the password is not.</summary>
    [Fact]
    public async Task ARedisRefusingThePasswordIsLoggedAndNamedByReadiness()
    {
        const string Wrong = "wrong-c0ffee5a4dc0ffee5a4d", Right = "right-c0ffee5a4dc0ffee5a4d";
        await using var redis = await RedisServer.StartAsync("--requirepass", Right);
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = $"{redis.Configuration},password={Wrong}" })
        {
            Logs = logs,
        };
        using var client = gateway.CreateClient();

        var refused = await Poll.Until(async () => (await (await client.GetAsync("/readyz", Json.Cancel)).ReadJson())
            .GetProperty("checks").GetProperty("redis").GetProperty("description").GetString()!, said => said.Contains("AuthenticationFailure"));

        // The failure is readiness's before it is written to the log.
        var logged = await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("failed (AuthenticationFailure)"))), found => found);

        // Refused again and again meanwhile, it is said once a minute at most: once, within this test.
        using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},password={Right},allowAdmin=true");
        var refusals = await Poll.Until(async () => WrongPasswords(await admin.GetServers().Single().InfoRawAsync("errorstats")), count => count >= 4);

        Assert.Contains("cannot be connected to (AuthenticationFailure)", refused);
        Assert.True(logged, "no warning said the password was refused");
        Assert.True(refusals >= 4, $"Redis refused the password {refusals} times");
        Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("failed (AuthenticationFailure)"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Wrong) || line.Contains(Right));
    }

    /// <summary>How many times Redis refused a password, from its <c>INFO errorstats</c>.</summary>
    static int WrongPasswords(string? errorStats) =>
        System.Text.RegularExpressions.Regex.Match(errorStats ?? "", @"errorstat_WRONGPASS:count=(\d+)") is { Success: true } found
            ? int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    [Fact]
    public async Task WithoutRedisReadinessSaysEverythingIsInProcess()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var report = await (await client.GetAsync("/readyz", Json.Cancel)).ReadJson();

        Assert.Contains("in process", report.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString());
    }
}
