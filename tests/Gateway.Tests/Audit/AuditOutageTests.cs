using System.Net;
using System.Text.RegularExpressions;
using Gateway.Audit;
using Gateway.Events;
using Gateway.Resilience;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Audit;

/// <summary>The trail's storage failing never fails or holds up the call being recorded: the entry waits and is written later.</summary>
public sealed class AuditOutageTests
{
    /// <summary>A gateway on the cluster's Redis, whose commands time out quickly unless said, with its log lines captured.</summary>
    static async Task<GatewayFactory> LoggedInstanceAsync(GatewayCluster cluster, CapturedLogs logs, int commandTimeoutMilliseconds = 200)
    {
        var instance = new GatewayFactory(GatewayFactory.OutsideTheSandbox(cluster.Upstream.BaseUrl, ("Redis:Configuration", cluster.Redis!.Configuration),
            ("Redis:CommandTimeoutMilliseconds", commandTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)))) { Logs = logs };
        await GatewayCluster.WaitUntilRedisAnswers(instance);
        return instance;
    }

    static bool IsWritersError(string line) => IsErrorOf<AuditWriter>(line);

    static bool IsErrorOf<T>(string line) => line.StartsWith($"Error {typeof(T).FullName}:", StringComparison.Ordinal);

    [Fact]
    public async Task WhileRedisIsDownWritesSucceedAndTheirEntriesLandOnceItIsBack()
    {
        var logs = new CapturedLogs();
        await using var cluster = await GatewayCluster.StartAsync();
        await using var logged = await LoggedInstanceAsync(cluster, logs);
        using var teacher = logged.CreateClient(TestJwt.Teacher("maths").Sign());
        using var admin = logged.CreateClient(TestJwt.Admin().Sign());

        cluster.Redis!.Kill();
        var whileDown = await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);
        var trailWhileDown = await admin.GetAsync("/api/v1/audit", Json.Cancel);
        var failureLogged = await Poll.Until(() => Task.FromResult(logs.Lines.Any(IsWritersError)), seen => seen);
        await cluster.Redis.RestartAsync();
        var trail = await admin.WaitForAuditAsync(1);
        var metrics = await Poll.Until(
            async () => await (await admin.GetAsync("/metrics", Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel),
            text => text.Contains("gateway_audit_write_failures_total", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, whileDown.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, trailWhileDown.StatusCode);
        Assert.True(failureLogged);
        Assert.Equal(("SetClassState", "teacher-1"), (Assert.Single(trail).Action(), trail[0].Actor()));
        Assert.Matches(new Regex(@"(?m)^gateway_audit_write_failures_total(\{[^}]*\})? [1-9]"), metrics);
    }

    /// <summary>
    /// A graceful stop goes on trying to write the entries that wait, with the writer's backoff and for a bounded time,
    /// so a Redis that is back within it loses none of them.
    /// </summary>
    [Fact]
    public async Task AStopGoesOnWritingWhatWaitsAndLosesNothingToARedisBackMeanwhile()
    {
        var logs = new CapturedLogs();
        await using var cluster = await GatewayCluster.StartAsync();
        await using var stopping = await LoggedInstanceAsync(cluster, logs);
        using var teacher = stopping.CreateClient(TestJwt.Teacher("maths").Sign());
        int FirstAttempts() => logs.Lines.Count(line => IsWritersError(line) && line.Contains("attempt 1)", StringComparison.Ordinal));

        cluster.Redis!.Kill();
        foreach (var state in new[] { 1, 2, 1 })
        {
            Assert.Equal(HttpStatusCode.OK, (await teacher.PutAsync($"/api/v1/rooms/maths/states/{state}", null, Json.Cancel)).StatusCode);
        }
        await Poll.Until(() => Task.FromResult(FirstAttempts()), attempts => attempts >= 1);
        var stopped = stopping.DisposeAsync().AsTask();
        // The stop's own first try has failed too: what follows is its going on.
        await Poll.Until(() => Task.FromResult(FirstAttempts()), attempts => attempts >= 2);
        await cluster.Redis.RestartAsync();
        await stopped;
        var other = await cluster.AddConnectedInstanceAsync();
        using var admin = other.CreateClient(TestJwt.Admin().Sign());

        var trail = await admin.WaitForAuditAsync(3);

        Assert.Equal(["SetClassState", "SetClassState", "SetClassState"], trail.Select(entry => entry.Action()));
    }

    /// <summary>
    /// An append whose reply is lost (it timed out, or the connection dropped, after Redis ran it) is made again with the
    /// same batch, whose digest the trail recognises, so it is stored once. A stop makes the batch it held as it was, and
    /// those that waited behind it after: filled up with them, it was another batch, and the entries Redis had taken were
    /// stored twice. On the real trail in Redis; the writer on its own clock, so that it waits to try again until the stop.
    /// </summary>
    [Fact]
    public async Task AStopMakesTheBatchItHeldAgainAsItWasSoEntriesRedisTookAreNotStoredTwice()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        gateway.StartServer();
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        var stored = gateway.Services.GetRequiredService<IAuditTrail>();
        var trail = new ReplyLostOnce(stored);
        var clock = new WatchedClock();
        var metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
        var queue = new AuditQueue(metrics, NullLogger<AuditQueue>.Instance);
        var writer = new AuditWriter(queue, trail, clock, metrics, new LoopFailures(metrics, clock, NullLogger<LoopFailures>.Instance),
            NullLogger<AuditWriter>.Instance);
        var now = clock.GetUtcNow();
        await writer.StartAsync(Json.Cancel);

        queue.Add(new AuditEntry(now, "teacher-1", ["teacher"], "SetClassState", "maths", null, 200, 0, "r-1"));
        await Poll.Until(() => Task.FromResult(trail.Attempts), attempts => attempts > 0);
        queue.Add(new AuditEntry(now, "teacher-1", ["teacher"], "KickUser", "maths", "student-1", 200, 0, "r-2"));
        await writer.StopAsync(Json.Cancel);
        var page = await stored.ReadAsync(EventCursor.Start, 100, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(["r-1", "r-2"], page.Entries.Select(entry => entry.Entry.RequestId));
    }

    /// <summary>The trail, whose first append is made and then reported as failed, as when its reply is lost.</summary>
    sealed class ReplyLostOnce(IAuditTrail inner) : IAuditTrail
    {
        int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            await inner.AppendAsync(entries, cancellationToken);
            if (Interlocked.Increment(ref _attempts) == 1)
            {
                throw new AuditTrailUnavailableException("the reply was lost");
            }
        }

        public Task<AuditPage> ReadAsync(EventCursor after, int limit, AuditFilter filter, CancellationToken cancellationToken) =>
            inner.ReadAsync(after, limit, filter, cancellationToken);
    }

    /// <summary>
    /// A stop tries again at least every second (<see cref="Backoff.MaxOnStop"/>), not with the running loop's growing
    /// backoff, whose next try would come after the stop's time: a trail back 9 s into the stop's 10 loses nothing. On
    /// the writer's own clock, which the test moves exactly as far as each wait the writer arms.
    /// </summary>
    [Fact]
    public async Task AStopTriesAgainAtLeastEverySecondSoATrailBackLateInItsTimeLosesNothing()
    {
        var clock = new WatchedClock();
        var metrics = TestRedisConnection.Metrics();
        var queue = new AuditQueue(metrics, NullLogger<AuditQueue>.Instance);
        var trail = new TrailBackAt(clock);
        var writer = new AuditWriter(queue, trail, clock, metrics, new LoopFailures(metrics, clock, NullLogger<LoopFailures>.Instance),
            NullLogger<AuditWriter>.Instance);
        AuditEntry[] entries = [new(clock.GetUtcNow(), "teacher-1", ["teacher"], "KickUser", "maths", null, 200, 0, "r-1"),
            new(clock.GetUtcNow(), "teacher-1", ["teacher"], "SetClassState", "maths", null, 200, 0, "r-2")];
        await writer.StartAsync(Json.Cancel);
        foreach (var entry in entries)
        {
            queue.Add(entry);
        }
        await Poll.Until(() => Task.FromResult(trail.Attempts), attempts => attempts > 0);

        trail.BackAt = clock.GetUtcNow() + TimeSpan.FromSeconds(9);
        var stop = writer.StopAsync(Json.Cancel);
        var waits = await clock.EndWaitsUntil(stop, wait => wait.In(typeof(AuditWriter), "WriteAsync", innermost: true));
        await stop;

        Assert.Equal(entries, trail.Appended);
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, Backoff.MaxOnStop));
        Assert.True(clock.GetUtcNow() >= trail.BackAt, "the trail was written before it was back");
    }

    /// <summary>A trail out of reach until the clock reaches <see cref="BackAt"/>.</summary>
    sealed class TrailBackAt(TimeProvider clock) : IAuditTrail
    {
        int _attempts;

        public DateTimeOffset BackAt { get; set; } = DateTimeOffset.MaxValue;

        public int Attempts => Volatile.Read(ref _attempts);

        public List<AuditEntry> Appended { get; } = [];

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            if (clock.GetUtcNow() < BackAt)
            {
                throw new AuditTrailUnavailableException("out of reach");
            }
            lock (Appended)
            {
                Appended.AddRange(entries);
            }
            return Task.CompletedTask;
        }

        public Task<AuditPage> ReadAsync(EventCursor after, int limit, AuditFilter filter, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>
    /// A stop that cannot write what waits within <see cref="AuditWriter.WriteOnStopFor"/> ends without it: the entries are
    /// gone with the process, said at Error and counted as dropped, and the stop does not hang.
    /// </summary>
    [Fact]
    public async Task AStopThatCannotWriteWhatWaitsEndsWithTheEntriesLostSaidAndCounted()
    {
        var logs = new CapturedLogs();
        await using var cluster = await GatewayCluster.StartAsync();
        var stopping = await LoggedInstanceAsync(cluster, logs);
        using var dropped = stopping.Measure("gateway.audit.dropped");
        using var teacher = stopping.CreateClient(TestJwt.Teacher("maths").Sign());

        cluster.Redis!.Kill();
        foreach (var state in new[] { 1, 2 })
        {
            Assert.Equal(HttpStatusCode.OK, (await teacher.PutAsync($"/api/v1/rooms/maths/states/{state}", null, Json.Cancel)).StatusCode);
        }
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(IsWritersError)), seen => seen);
        await Task.Run(async () => await stopping.DisposeAsync(), Json.Cancel).WaitAsync(TimeSpan.FromSeconds(60), Json.Cancel);

        Assert.Contains(logs.Lines, line => IsWritersError(line)
            && line.Contains($"Lost 2 audit entries that could not be written within {AuditWriter.WriteOnStopFor.TotalSeconds} s", StringComparison.Ordinal));
        Assert.Equal(2, dropped.Sum());
    }

    /// <summary>
    /// A Redis restarted without persistence is another process, holding none of the trail: the entries this instance
    /// appended in the minute before are appended again, once each, and said at Warning.
    /// </summary>
    [Fact]
    public async Task ARedisRestartedEmptyGetsBackTheEntriesOfTheMinuteBefore()
    {
        var logs = new CapturedLogs();
        await using var cluster = await GatewayCluster.StartAsync();
        // A timeout a busy machine does not reach: a re-append timed out would be made again in a second pass, which finds
        // it made and says so apart, where the test reads one warning for both entries.
        await using var logged = await LoggedInstanceAsync(cluster, logs, commandTimeoutMilliseconds: 5000);
        using var teacher = logged.CreateClient(TestJwt.Teacher("maths").Sign());
        using var admin = logged.CreateClient(TestJwt.Admin().Sign());
        foreach (var state in new[] { 1, 2 })
        {
            Assert.Equal(HttpStatusCode.OK, (await teacher.PutAsync($"/api/v1/rooms/maths/states/{state}", null, Json.Cancel)).StatusCode);
        }
        var before = await admin.WaitForAuditAsync(2);

        cluster.Redis!.Kill();
        await cluster.Redis.RestartAsync();
        var after = await admin.WaitForAuditAsync(2);
        // The warning follows the last append made again, which a reader may see first.
        var said = await Poll.Until(() => Task.FromResult(logs.Lines.Any(line =>
            line.StartsWith($"Warning {typeof(Gateway.Redis.AppendsAfterFailover).FullName}:", StringComparison.Ordinal)
            && line.Contains("2 events and audit entries", StringComparison.Ordinal))), found => found, TimeSpan.FromSeconds(10));

        Assert.Equal(before.Select(entry => entry.GetProperty("requestId").GetRawText()), after.Select(entry => entry.GetProperty("requestId").GetRawText()));
        Assert.Equal(before.Select(entry => entry.GetProperty("state").GetRawText()), after.Select(entry => entry.GetProperty("state").GetRawText()));
        Assert.True(said, "No warning said that the 2 entries lost were appended again.");
    }

    /// <summary>
    /// Entries past the queue's bound are dropped and counted, and the first drop each time the queue fills is logged at
    /// Error: the writer's lines say that writing fails, this one that entries are being lost.
    /// </summary>
    [Fact]
    public async Task EntriesPastTheQueuesBoundAreDroppedCountedAndSaidOnceEachTimeItFills()
    {
        var logs = new CapturedLogs();
        using var loggers = new LoggerFactory([logs]);
        await using var gateway = new GatewayFactory();
        gateway.StartServer();
        var queue = new AuditQueue(gateway.Services.GetRequiredService<GatewayMetrics>(), loggers.CreateLogger<AuditQueue>(), capacity: 2);
        var entry = new AuditEntry(DateTimeOffset.UtcNow, "u", [], "Action", null, null, 200, 0, "r");

        for (var i = 0; i < 5; i++)
        {
            queue.Add(entry);
        }
        var saidOnFirstFill = logs.Lines.Count(IsQueuesError);
        var waiting = Drain(queue);
        for (var i = 0; i < 4; i++)
        {
            queue.Add(entry);
        }
        using var client = gateway.CreateClient();
        var metrics = await Poll.Until(
            async () => await client.GetStringAsync("/metrics", Json.Cancel),
            text => Regex.IsMatch(text, @"(?m)^gateway_audit_dropped_total(\{[^}]*\})? 5\b"));

        Assert.Equal(2, waiting);
        Assert.Equal(2, Drain(queue));
        Assert.Equal(1, saidOnFirstFill);
        Assert.Equal(2, logs.Lines.Count(IsQueuesError));
        Assert.Matches(new Regex(@"(?m)^gateway_audit_dropped_total(\{[^}]*\})? 5\b"), metrics);
    }

    static bool IsQueuesError(string line) => IsErrorOf<AuditQueue>(line);

    static int Drain(AuditQueue queue)
    {
        var read = 0;
        while (queue.Reader.TryRead(out _))
        {
            read++;
        }
        return read;
    }
}
