using System.Net;
using System.Text.RegularExpressions;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Redis;

/// <summary>
/// A Redis that answers, but answers an error: keys of the wrong type make its scripts and reads fail with WRONGTYPE,
/// as a refused script, a cross-slot call or a bug would. Every background loop logs it at Error, counts it and tries
/// again, and carries on once the fault is gone; requests fall back and say so at Error too, once for each kind of
/// refusal and at most once a minute.
/// </summary>
public sealed class RedisFaultTests
{
    const string Log = SandboxKeys.Events + "log";
    const string LeaseEpoch = SandboxKeys.Events + "poller-epoch";
    const string Members = SandboxKeys.ResourcesNear + "members";
    const string Audit = SandboxKeys.AuditLog;

    [Fact]
    public async Task EveryBackgroundLoopLogsCountsAndOutlivesARedisThatRefusesItsCommands()
    {
        await using var refusing = await RefusingRedis.StartAsync(async db =>
        {
            await db.StringSetAsync(Log, "not a stream");
            await db.HashSetAsync(LeaseEpoch, "not", "a number");
            await db.StringSetAsync(Members, "not a sorted set");
            await db.StringSetAsync(Audit, "not a stream");
        });
        var (db, queue, resources, logs, gateway) = (refusing.Db, refusing.Queue, refusing.Resources, refusing.Logs, refusing.Gateway);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var reader = gateway.CreateClient(TestJwt.Admin().Sign());
        using var limited = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await db.HashSetAsync(SandboxKeys.Rate + "user:alice", "not", "a counter");

        // The lease, the lease of local copies, both followers of the log and the audit writer each fail, and say so.
        var audited = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var failing = await Poll.Until(() => Task.FromResult(FailedLoops(logs)),
            loops => loops.IsSupersetOf(EveryLoop), TimeSpan.FromSeconds(60));
        var whileRefused = await limited.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var metrics = await (await student.GetAsync("/metrics", Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel);

        // The lease and the copies recover; the log still refuses, so a polled batch waits, and says so.
        await db.KeyDeleteAsync([LeaseEpoch, Members]);
        queue.Produce("room-1", 5);
        var storing = await Poll.Until(() => Task.FromResult(FailedLoops(logs)), loops => loops.Contains("poller-store"), TimeSpan.FromSeconds(60));
        var poller = gateway.Services.GetRequiredService<EventPoller>();
        var heldWhileRefused = poller.HoldsUnstoredEvents;

        // Everything recovers: the batch is stored, the follower invalidates, copies are served.
        await db.KeyDeleteAsync([Log, Audit]);
        var stored = await reader.WaitForLogAsync(5);
        var trail = await reader.WaitForAuditAsync(1);
        await ReadAsync(student);
        var copied = await Poll.Until(async () =>
        {
            await ReadAsync(student);
            return gateway.Services.GetRequiredService<Gateway.Redis.LocalCopies>().TryGet<CachedResourceList>("room-1", out _);
        }, held => held, TimeSpan.FromSeconds(30));
        // The room streams' reader retries on its own schedule, which grew while the log refused.
        await using var stream = await Poll.Until(() => SseReader.OpenAsync(student, "/api/v1/rooms/room-1/events/stream"),
            opened => opened.Response.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await stream.ReadAsync();
        var beforeTheChange = await ReadAsync(student);
        resources.Change();
        var changed = queue.Produce("room-1", 1, EventCmd.PublicResourcesChanged);
        // The list as Agora now answers it: the cached one until the follower drops it on the event (a read racing the
        // event may still see the cached list, so the list read is the one after the change, not a fixed version).
        var fresh = await Poll.Until(() => ReadAsync(student), read => read.Body == resources.CurrentList, TimeSpan.FromSeconds(30));
        var streamed = await stream.ReadEventAsync();

        Assert.Superset(EveryLoop, failing);
        Assert.Contains("poller-store", storing);
        Assert.True(heldWhileRefused);
        Assert.Equal(HttpStatusCode.OK, whileRefused.StatusCode);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("Redis refused a command (WrongType)", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"gateway_background_failures_total\{[^}]*loop=""poller-lease""[^}]*\} [1-9]"), metrics);
        Assert.Matches(new Regex(@"gateway_background_failures_total\{[^}]*loop=""audit-writer""[^}]*\} [1-9]"), metrics);
        Assert.Equal(HttpStatusCode.OK, audited.StatusCode);
        Assert.Equal(("SetClassState", "teacher-1"), (Assert.Single(trail).Action(), trail[0].Actor()));
        Assert.Matches(new Regex(@"gateway_redis_refusals_total\{[^}]*error_type=""WrongType""[^}]*\} [1-9]"), metrics);
        Assert.Equal(queue.Produced.Take(5).Select(EventLogClient.ToEntry), stored);
        Assert.True(copied);
        Assert.NotEqual(beforeTheChange.Body, fresh.Body);
        Assert.Equal(resources.CurrentList, fresh.Body);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal(EventLogClient.ToEntry(changed[0]), EventLogClient.ToEntry(System.Text.Json.JsonDocument.Parse(streamed.Data!).RootElement));
    }

    /// <summary>
    /// A list cached while the log refused, and changed by an event the log took before the instance's follower first
    /// read it: the follower reads from the instance's start, so the event still drops the list.
    /// </summary>
    [Fact]
    public async Task AChangeLoggedBeforeTheFollowerFirstReadTheLogStillDropsTheListCachedMeanwhile()
    {
        await using var refusing = await RefusingRedis.StartAsync(db => db.StringSetAsync(Log, "not a stream"));
        var (db, queue, resources, logs, gateway) = (refusing.Db, refusing.Queue, refusing.Resources, refusing.Logs, refusing.Gateway);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var reader = gateway.CreateClient(TestJwt.Admin().Sign());

        var cached = await Poll.Until(() => ReadAsync(student), read => read.CacheStatus == "HIT", TimeSpan.FromSeconds(30));
        // Four failures in a row: the follower's next try is at least 4 s away, time enough for the change to be logged.
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("room-changes-follower loop failed (WrongType, 4 in a row)",
            StringComparison.Ordinal))), seen => seen, TimeSpan.FromSeconds(60));
        await db.KeyDeleteAsync(Log);
        resources.Change();
        queue.Produce("room-1", 1, EventCmd.PublicResourcesChanged);
        var logged = await reader.WaitForLogAsync(1);
        var fresh = await Poll.Until(() => ReadAsync(student), read => read.Body == resources.CurrentList, TimeSpan.FromSeconds(45));

        Assert.Equal(ChangingResources.ListBody(0), cached.Body);
        Assert.Single(logged);
        Assert.Equal(resources.CurrentList, fresh.Body);
    }

    /// <summary>
    /// A write Agora answers late within its time bound, while Redis cannot say which instances have dropped their copies
    /// of the room, so that the invalidation before the answer waits out a lease: that wait is the gateway's own time, not
    /// Agora's, and the caller gets Agora's answer whole. Counted in Agora's bound, it ran the bound out while the answer's
    /// first bytes were written, and the answer, its headers gone, was aborted.
    /// </summary>
    [Fact]
    public async Task AWriteAgoraAnswersLateIsAnsweredWholeThoughItsInvalidationWaitsOutALease()
    {
        await using var refusing = await RefusingRedis.StartAsync(db => db.StringSetAsync(Members, "not a sorted set"), ("Agora:TimeoutSeconds", "8"));
        var (queue, resources, logs, gateway) = (refusing.Queue, refusing.Resources, refusing.Logs, refusing.Gateway);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await FirstExchange.AnsweredAsync(teacher, Json.Cancel);
        // 5 s of Agora's 8, and the invalidation's 3.5 s after them: past the bound taken as one.
        queue.Otherwise = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            await resources.Respond(context);
        };

        var answer = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, (await answer.ReadJson()).GetProperty("code").GetInt32());
        Assert.Contains(logs.Lines, line => line.Contains("was not acknowledged by every instance", StringComparison.Ordinal));
    }

    /// <summary>
    /// The same wait with a bound shorter than the wait itself: the gateway's own work as the answer starts stands outside
    /// Agora's bound, YARP's included. Counted in either, the answer to a write Agora had made was aborted. A resource's
    /// upload waits for the room's details and for its resource list together.
    /// </summary>
    [Fact]
    public async Task AWriteIsAnsweredWholeThoughItsInvalidationWaitsLongerThanAgorasWholeBound()
    {
        await using var refusing = await RefusingRedis.StartAsync(db => db.StringSetAsync(Members, "not a sorted set"), ("Agora:TimeoutSeconds", "3"));
        var (logs, gateway) = (refusing.Logs, refusing.Gateway);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await FirstExchange.AnsweredAsync(teacher, Json.Cancel);

        var state = await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var upload = await ResourceReads.WriteAsync(teacher, "PUT");

        Assert.All([state, upload], answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(0, (await state.ReadJson()).GetProperty("code").GetInt32());
        Assert.Equal(0, (await upload.ReadJson()).GetProperty("code").GetInt32());
        Assert.Contains(logs.Lines, line => line.Contains("was not acknowledged by every instance", StringComparison.Ordinal));
    }

    /// <summary>
    /// A resource's upload drops two things of its room, its resource list and its details, and each waits out a lease
    /// while Redis cannot say which instances dropped their copies: the two waits run together, so the answer comes after
    /// one lease and its margin, as docs/caching.md says, not after two (they ran one after the other: 7 s and more).
    /// Together is what Redis saw: the second invalidation was published while the first was still asking who had
    /// acknowledged it. The answer's time bounds it from below only, as a busy machine lengthens it by its stalls.
    /// </summary>
    [Fact]
    public async Task AnUploadWaitsOneLeaseForItsListAndItsRoomsDetailsTogether()
    {
        await using var refusing = await RefusingRedis.StartAsync(db => db.StringSetAsync(Members, "not a sorted set"));
        var (logs, gateway) = (refusing.Logs, refusing.Gateway);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await FirstExchange.AnsweredAsync(teacher, Json.Cancel);
        await using var monitor = await RedisMonitor.StartAsync(refusing.Redis);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var upload = await ResourceReads.WriteAsync(teacher, "PUT");
        var took = watch.Elapsed;
        await monitor.CaughtUpAsync(refusing.Redis);
        var commands = monitor.Commands.ToList();
        var published = commands.Select((command, at) => (command, at)).Where(c => IsPublication(c.command)).Select(c => c.at).ToList();
        var asked = commands.Select((command, at) => (command, at)).Where(c => IsAskingWhoAcknowledged(c.command))
            .Select(c => (Number: long.Parse(c.command.Words[5], System.Globalization.CultureInfo.InvariantCulture), At: c.at)).ToList();

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        // Both invalidations waited for acknowledgements that never came...
        Assert.Equal(2, logs.Lines.Count(line => line.Contains("was not acknowledged by every instance", StringComparison.Ordinal)));
        Assert.Equal(2, published.Count);
        Assert.Equal(2, asked.Select(a => a.Number).Distinct().Count());
        // ...and ran together: the first was still being waited for once the second was published.
        Assert.True(asked.Any(a => a.Number == asked.Min(first => first.Number) && a.At > published[1]),
            "the second invalidation was published only once the first had stopped waiting for acknowledgements");
        Assert.True(took >= LocalCopies.LeaseTime + LocalCopies.Margin, $"answered after {took}, before a lease and its margin");

        // LocalCopies' scripts, told apart by their keys: the publication's sequence, and the members and their acknowledgements.
        static bool IsPublication(RedisMonitor.Command command) =>
            command is { Name: "EVAL" or "EVALSHA", Words: [_, _, "1", var key, ..] } && key.EndsWith(":sequence", StringComparison.Ordinal);

        static bool IsAskingWhoAcknowledged(RedisMonitor.Command command) =>
            command is { Name: "EVAL" or "EVALSHA", Words: [_, _, "2", var members, var acknowledged, var number] }
            && members.EndsWith(":members", StringComparison.Ordinal) && acknowledged.EndsWith(":acknowledged", StringComparison.Ordinal)
            && number.All(char.IsAsciiDigit);
    }

    /// <summary>
    /// The work a write does as its answer starts (here, an invalidation that waits out a lease and says so) is the
    /// request's, and its lines carry the request's id, as docs/security.md promises of every line until the answer is
    /// done: also when Agora answered without a body (a 204, which the gateway answers as the 502 of an answer it cannot
    /// use) or the answer never starts (the client left while Agora had the call), when the work runs as the request ends.
    /// Those lines had no request id, and an operator could not tell which write the warning was about.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheLinesOfAWritesWorkAsItsAnswerStartsCarryTheRequestId(bool clientLeaves)
    {
        await using var refusing = await RefusingRedis.StartAsync(db => db.StringSetAsync(Members, "not a sorted set"));
        var (queue, resources, logs, gateway) = (refusing.Queue, refusing.Resources, refusing.Logs, refusing.Gateway);
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Otherwise = context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                return resources.Respond(context);
            }
            written.TrySetResult();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return clientLeaves
                ? Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default)
                : Task.CompletedTask;
        };
        var address = gateway.StartOnASocket();

        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes($"PUT /api/v1/rooms/room-1/states/1 HTTP/1.1\r\nHost: {address.Authority}\r\n"
                + $"Authorization: Bearer {TestJwt.Teacher("room-1").Sign()}\r\nX-Request-Id: write-7\r\nContent-Length: 0\r\n\r\n"), Json.Cancel);
            await written.Task.WaitAsync(Json.Cancel);
            if (!clientLeaves)
            {
                var answer = new byte[4096];
                var read = await socket.ReceiveAsync(answer, Json.Cancel);
                Assert.StartsWith("HTTP/1.1 502", System.Text.Encoding.ASCII.GetString(answer, 0, read), StringComparison.Ordinal);
            }
        }
        var warning = await Poll.Until(
            () => Task.FromResult(logs.Lines.FirstOrDefault(line => line.Contains("was not acknowledged by every instance", StringComparison.Ordinal))),
            line => line is not null);

        Assert.Contains("CorrelationId=write-7", warning, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Redis whose keys <c>spoil</c> gave the wrong type, and a gateway polling a fake Agora in front of it, whose
    /// resource list changes with every write it accepts.
    /// </summary>
    sealed class RefusingRedis : IAsyncDisposable
    {
        public required RedisServer Redis { get; init; }
        public required ConnectionMultiplexer Admin { get; init; }
        public required FakeEventQueue Queue { get; init; }
        public required ChangingResources Resources { get; init; }
        public required CapturedLogs Logs { get; init; }
        public required GatewayFactory Gateway { get; init; }

        public IDatabase Db => Admin.GetDatabase();

        public static async Task<RefusingRedis> StartAsync(Func<IDatabase, Task> spoil, params (string Key, string? Value)[] settings)
        {
            var redis = await RedisServer.StartAsync();
            var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            await spoil(admin.GetDatabase());
            var queue = await FakeEventQueue.StartAsync();
            var resources = new ChangingResources();
            queue.Otherwise = resources.Respond;
            var logs = new CapturedLogs();
            var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration, settings))) { Logs = logs };
            return new RefusingRedis { Redis = redis, Admin = admin, Queue = queue, Resources = resources, Logs = logs, Gateway = gateway };
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Queue.DisposeAsync();
            await Admin.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }

    static readonly HashSet<string> EveryLoop = ["poller-lease", "local-copies-lease", "room-changes-follower", "room-event-hub", "audit-writer"];

    /// <summary>The loops that logged a failure at Error, by name.</summary>
    static HashSet<string> FailedLoops(CapturedLogs logs) =>
        logs.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal))
            .Select(line => Regex.Match(line, @"The (\S+) loop failed \(WrongType")).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToHashSet();
}
