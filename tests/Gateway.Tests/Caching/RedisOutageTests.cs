using System.Net;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Caching;

public sealed class RedisOutageTests
{
    static async Task<string> RtmTokenAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJson()).GetProperty("data").GetProperty("token").GetString()!;
    }

    static async Task<string?> RedisReadiness(HttpClient client) =>
        (await (await client.GetAsync("/readyz", Json.Cancel)).ReadJson()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();

    [Fact]
    public async Task WithRedisKilledMidRunTwoInstancesServeFromTheUpstreamAndCachingResumesAfterItsRestart()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var redis = cluster.Redis!;
        var first = await cluster.AddConnectedInstanceAsync();
        var second = await cluster.AddConnectedInstanceAsync();
        using var studentOnFirst = first.CreateClient(TestJwt.Student("room-1").Sign());
        using var studentOnSecond = second.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacherOnFirst = first.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var teacherOnSecond = second.CreateClient(TestJwt.Teacher("room-1").Sign());
        await ReadAsync(studentOnFirst);
        var hitBefore = await ReadAsync(studentOnSecond);
        var tokenBefore = await RtmTokenAsync(teacherOnFirst);
        await RtmTokenAsync(teacherOnSecond);

        redis.Kill();
        var readsDuringOutage = new List<(HttpStatusCode, string?, string)>();
        foreach (var client in new[] { studentOnFirst, studentOnSecond, studentOnFirst, studentOnSecond })
        {
            readsDuringOutage.Add(await ReadAsync(client));
        }
        var tokensDuringOutage = new[] { await RtmTokenAsync(teacherOnFirst), await RtmTokenAsync(teacherOnSecond) };
        var writeDuringOutage = await WriteAsync(teacherOnFirst, "PUT");
        var readAfterWrite = await ReadAsync(studentOnSecond);
        var readinessDuringOutage = await Poll.Until(() => RedisReadiness(studentOnFirst), status => status != "Healthy");

        await redis.RestartAsync();
        var resumed = await Poll.Until(() => ReadAsync(studentOnFirst), read => read.CacheStatus == "HIT");
        // Each instance reconnects on its own schedule.
        var sharedAgain = await Poll.Until(() => ReadAsync(studentOnSecond), read => read.CacheStatus == "HIT");
        var readinessAfter = await Poll.Until(() => RedisReadiness(studentOnSecond), status => status == "Healthy");

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), hitBefore);
        // An instance may serve its own copy until it notices Redis has gone; the list is the same either way.
        Assert.All(readsDuringOutage, read => Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(0)), (read.Item1, read.Item3)));
        // Each instance kept the shared token it handed out, so the outage changes no caller's token.
        Assert.All(tokensDuringOutage, token => Assert.Equal(tokenBefore, token));
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(tokenBefore, AgoraSandbox.Credentials, "teacher-1", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, writeDuringOutage.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), readAfterWrite);
        Assert.Equal("Unhealthy", readinessDuringOutage);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(1)), resumed);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(1)), sharedAgain);
        Assert.Equal("Healthy", readinessAfter);
    }

    [Fact]
    public async Task WithRedisDownAtStartTheGatewayStartsServesAndCachesOnceRedisComes()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var redis = cluster.Redis!;
        redis.Kill();
        var gateway = cluster.AddInstance();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var reads = new[] { await ReadAsync(student), await ReadAsync(student) };
        var token = await RtmTokenAsync(student);
        var readiness = await RedisReadiness(student);
        await redis.RestartAsync();
        var resumed = await Poll.Until(() => ReadAsync(student), read => read.CacheStatus == "HIT");

        Assert.All(reads, read => Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0)), read));
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(token, AgoraSandbox.Credentials, "student-1", DateTimeOffset.UtcNow));
        Assert.Equal("Unhealthy", readiness);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), resumed);
    }

    /// <summary>
    /// A write while Redis hangs cannot tell the other instances: it is answered only once their leases have lapsed, so
    /// that none serves its own copy of the old list after the answer. Nor does any serve the old list once Redis answers
    /// again, still holding it: not the other instance's first reads after Redis is back, however soon they come, before
    /// the writer has told Redis of the write (they were a second of HITs of the old list).
    /// </summary>
    [Fact]
    public async Task AWriteWhileRedisHangsIsAnsweredOnlyOnceNoInstanceServesItsOldCopy()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var writer = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        var reader = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        using var student = reader.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = writer.CreateClient(TestJwt.Teacher("room-1").Sign());
        await ReadAsync(student);
        // Cached and served from the reader's copy; under the short timeout, a busy machine can make one read a MISS.
        var cached = await Poll.Until(async () => new[] { await ReadAsync(student), await ReadAsync(student) },
            reads => reads.All(read => read.CacheStatus == "HIT"));

        cluster.Redis!.Freeze();
        var write = await WriteAsync(teacher, "PUT");
        var after = await ReadAsync(student);
        cluster.Redis.Thaw();
        // Past the second in which the writer tells Redis again of its write, and the other instance takes its lease again,
        // until it serves from Redis again: a loaded machine can take longer over that, and no read may be old meanwhile.
        List<(HttpStatusCode Status, string? CacheStatus, string Body)> thawed = [];
        var (atLeast, atMost) = (DateTime.UtcNow + TimeSpan.FromSeconds(4), DateTime.UtcNow + TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < atLeast || (DateTime.UtcNow < atMost && !thawed.Any(read => read.CacheStatus == "HIT")))
        {
            thawed.Add(await ReadAsync(student));
            await Task.Delay(10, Json.Cancel);
        }

        Assert.All(cached, read => Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), read));
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
        Assert.All(thawed, read => Assert.Equal(ChangingResources.ListBody(1), read.Body));
        Assert.Contains(thawed, read => read.CacheStatus == "HIT");
    }

    /// <summary>
    /// The split of a failover: the writer's connection cannot reach Redis (it was on the frozen primary) while the reader's
    /// can (already on the promoted replica), renewing its lease and keeping its copy of the list. The writer's invalidation
    /// fails, and it waits out the leases; by then it reaches Redis again. It tries the invalidation once more before it
    /// answers, so the reader serves the list after the write, where it served the one before as a HIT. Redis's ACL makes
    /// the split (the writer's user may touch no key), then the writer's return, whose lease renewals are still refused, so
    /// that its lease is not taken again before the answer and the catch-up after a lapse does not make the invalidation first.
    /// </summary>
    [Fact]
    public async Task AWriteWhoseInvalidationFailedTriesItOnceMoreBeforeItsAnswerSoAnInstanceThatReachedRedisThroughoutServesTheNewList()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var redis = cluster.Redis!;
        await redis.CliAsync("ACL", "SETUSER", "writer", "on", ">writer-password", "~*", "&*", "+@all");
        var writer = await cluster.AddConnectedInstanceAsync(
            ("Redis:Configuration", $"{redis.Configuration},user=writer,password=writer-password"));
        var reader = await cluster.AddConnectedInstanceAsync();
        using var teacher = writer.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var student = reader.CreateClient(TestJwt.Student("room-1").Sign());
        await ReadAsync(student);
        var cached = await Poll.Until(() => ReadAsync(student), read => read.CacheStatus == "HIT");

        await redis.CliAsync("ACL", "SETUSER", "writer", "resetkeys");
        var write = WriteAsync(teacher, "PUT");
        await Poll.Until(() => redis.CliAsync("ACL", "LOG"), log => log.Contains("classroom-gateway:resources:{", StringComparison.Ordinal));
        await redis.CliAsync("ACL", "SETUSER", "writer", "resetkeys", "%R~*", "~classroom-gateway:resources:*", "~classroom-gateway:room:*",
            "~*:sequence", "~*:acknowledged");
        var written = await write;
        var after = await ReadAsync(student);

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), cached);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
    }

    /// <summary>
    /// A Redis back at a snapshot taken before a write (as a replica promoted before it copied the write) holds the list
    /// the write made old, under the generation it was stored with: restarted from the snapshot, its connections closed,
    /// or reloaded from it in place, every connection kept. The instance that wrote makes its invalidation again once it
    /// finds Redis has lost what it knew, so no instance serves that list for the rest of its minute.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnInvalidationARedisBackAtAnOlderSnapshotLostIsMadeAgain(bool restarted)
    {
        await using var cluster = await GatewayCluster.StartAsync(await RedisServer.StartAsync("--enable-debug-command", "yes"));
        var redis = cluster.Redis!;
        var logs = new CapturedLogs();
        await using var writer = new GatewayFactory(GatewayFactory.OutsideTheSandbox(cluster.Upstream.BaseUrl, ("Redis:Configuration", redis.Configuration))) { Logs = logs };
        await GatewayCluster.WaitUntilRedisAnswers(writer);
        var reader = await cluster.AddConnectedInstanceAsync();
        using var teacher = writer.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var student = reader.CreateClient(TestJwt.Student("room-1").Sign());
        await ReadAsync(student);
        var cached = await ReadAsync(student);
        await redis.CliAsync("SAVE");
        var write = await WriteAsync(teacher, "PUT");
        var afterWrite = await ReadAsync(student);

        if (restarted)
        {
            redis.Kill();
            await redis.RestartAsync();
        }
        else
        {
            await redis.CliAsync("DEBUG", "RELOAD", "NOSAVE");
        }
        // Until both instances are back on Redis, reads miss; then, within seconds, the cache holds the list after the
        // write, where the list the snapshot holds would live on for the rest of its minute.
        var cachedAgain = await Poll.Until(() => ReadAsync(student), read => read is { CacheStatus: "HIT", Body: var body } && body == ChangingResources.ListBody(1),
            TimeSpan.FromSeconds(20));
        var after = new[] { await ReadAsync(student), await ReadAsync(student) };
        // The writer says so as it makes the invalidation again, which the reader's next reads need not wait for.
        var said = await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("1 invalidations of resources", StringComparison.Ordinal))), found => found, TimeSpan.FromSeconds(20));

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), cached);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), afterWrite);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(1)), cachedAgain);
        Assert.All(after, read => Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(1)), read));
        Assert.True(said, "the writer never said it made a lost invalidation again");
    }

    /// <summary>
    /// A hung Redis costs the first read one command's wait, answered, not hung; Redis is then left alone
    /// (<c>RedisConnection.FailureBackOff</c>), so the reads and the token that follow at once send it nothing: the
    /// frozen server, thawed, is asked afterwards what reached it meanwhile.
    /// </summary>
    [Fact]
    public async Task AHungRedisCostsABoundedWaitAndTheUpstreamStillAnswers()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var redis = cluster.Redis!;
        var gateway = await cluster.AddConnectedInstanceAsync(("Redis:CommandTimeoutMilliseconds", "500"));
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        await ReadAsync(student);
        await using var monitor = await RedisMonitor.StartAsync(redis);
        await monitor.CaughtUpAsync(redis);
        var before = monitor.Commands.Count;

        redis.Freeze();
        var reads = new List<(HttpStatusCode, string?, string)> { await ReadAsync(student).WaitAsync(TimeSpan.FromSeconds(10), Json.Cancel) };
        for (var i = 0; i < 3; i++)
        {
            reads.Add(await ReadAsync(student));
        }
        var token = await RtmTokenAsync(student);
        redis.Thaw();
        // The commands sent while Redis was frozen wait in its sockets and run as it thaws, before the marker.
        await monitor.CaughtUpAsync(redis);
        var sentWhileFrozen = monitor.Commands.Skip(before)
            .Where(command => command.Words.Any(word => word.Contains("room-1", StringComparison.Ordinal) || word.EndsWith(":student-1", StringComparison.Ordinal)))
            .ToList();
        var resumed = await Poll.Until(() => ReadAsync(student), read => read.CacheStatus == "HIT");

        Assert.All(reads, read => Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0)), read));
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(token, AgoraSandbox.Credentials, "student-1", DateTimeOffset.UtcNow));
        // The first read's lookup alone: the other reads, the store after each and the token's lookup were not sent.
        Assert.Equal("EVALSHA", Assert.Single(sentWhileFrozen).Name);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), resumed);
    }
}
