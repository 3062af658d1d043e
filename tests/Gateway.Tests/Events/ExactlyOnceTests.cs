using Classroom.Agora.Models;
using Gateway.Configuration;
using Gateway.Events;
using Gateway.Resilience;
using Gateway.Tests.Support;
using Gateway.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Events;

/// <summary>
/// Each window in which a polled batch exists only in a poller's memory, opened on purpose: the log out of one
/// instance's reach while another takes the lease, a graceful stop in that state, a reply lost after Redis stored the
/// batch, and a process killed with the batch in hand. <c>/api/v1/events</c> holds every event once, except where the
/// batch in hand is gone — a kill, or a stop that never reached the log and gave it up with an error: Agora's queue
/// hands each event out once.
/// </summary>
public sealed class ExactlyOnceTests
{
    /// <summary>An instance whose view of the log the test can cut off, once it polls.</summary>
    static async Task<(GatewayFactory Factory, WebApplicationFactory<Program> Instance, FaultyEventLog Log, EventPoller Poller)> LeaderAsync(
        FakeEventQueue queue, RedisServer redis, CapturedLogs? logs = null)
    {
        var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration))) { Logs = logs };
        var instance = factory.WithWebHostBuilder(FaultyEventLog.Between);
        Assert.True(await instance.ComesToLeadAsync());
        return (factory, instance, instance.Services.GetRequiredService<FaultyEventLog>(), instance.Services.GetRequiredService<EventPoller>());
    }

    /// <summary>
    /// Has the leader poll a batch, then cuts it off the log before Agora's answer comes, so that it holds a batch it cannot
    /// store. Cut off first, it would race its own lease: a leader that cannot renew polls only while half of it is left.
    /// </summary>
    static async Task<IReadOnlyList<AgoraEvent>> HoldABatchAsync(FakeEventQueue queue, FaultyEventLog log, EventPoller poller,
        Action? beforeEachLook = null)
    {
        var (answer, held) = AnswerNextWhenReleased(queue, 5);
        await Poll.Until(() =>
        {
            beforeEachLook?.Invoke();
            return Task.FromResult(queue.HandedOut);
        }, batches => batches.Any(b => b.Contains(held[0])));
        log.Unreachable = true;
        answer.SetResult();
        Assert.True(await Poll.Until(() => Task.FromResult(poller.HoldsUnstoredEvents && log.RefusedAppends > 0), holds => holds));
        return held;
    }

    /// <summary>A gateway polling <paramref name="queue"/>, whose time moves only as the test moves <paramref name="clock"/>.</summary>
    static GatewayFactory OnClock(FakeEventQueue queue, RedisServer redis, FakeTimeProvider clock, CapturedLogs? logs = null) =>
        new(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration))) { Clock = clock, Logs = logs };

    /// <summary><paramref name="count"/> events on the queue, handed out by a poll that Agora answers when the test sets the release.</summary>
    static (TaskCompletionSource Release, IReadOnlyList<AgoraEvent> Produced) AnswerNextWhenReleased(FakeEventQueue queue, int count = 3)
    {
        var release = new TaskCompletionSource();
        queue.AnswerNextWhen(release.Task);
        return (release, queue.Produce("room-1", count));
    }

    /// <summary>Looks until <paramref name="done"/>, moving the gateway's clock on a poll interval before each look.</summary>
    static Task<T> AdvancingUntil<T>(FakeTimeProvider clock, EventsOptions options, Func<Task<T>> look, Func<T, bool> done) =>
        Poll.Until(() =>
        {
            clock.Advance(options.PollInterval);
            return look();
        }, done);

    [Fact]
    public async Task ABatchHeldByALeaderThatLostItsLeaseIsStoredLateAndOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var (factory, deposed, log, poller) = await LeaderAsync(queue, redis);
        await using var _ = factory;
        await using var __ = deposed;
        var held = await HoldABatchAsync(queue, log, poller);
        await using var successor = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var admin = successor.CreateClient(TestJwt.Admin().Sign());
        Assert.True(await successor.ComesToLeadAsync(TimeSpan.FromSeconds(40)));
        var meanwhile = queue.Produce("room-2", 4);
        await admin.WaitForLogAsync(meanwhile.Count);

        log.Unreachable = false;
        var events = await admin.WaitForLogAsync(held.Count + meanwhile.Count);
        // The poller lets the batch go once the append has returned, which a reader of the log can beat.
        var stillHeld = await Poll.Until(() => Task.FromResult(poller.HoldsUnstoredEvents), holds => !holds);
        await Task.Delay(TimeSpan.FromSeconds(1), Json.Cancel);
        var settled = (await admin.ReadAllAsync()).Events;

        // The late batch follows what the new leader stored meanwhile: the one exception to Agora's order.
        Assert.Equal(meanwhile.Concat(held).Select(EventLogClient.ToEntry), settled);
        Assert.Equal(events, settled);
        Assert.False(stillHeld);
    }

    [Fact]
    public async Task ABatchHeldWhenTheLeaderStopsIsStoredByTheStop()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var (factory, stopping, log, poller) = await LeaderAsync(queue, redis);
        var held = await HoldABatchAsync(queue, log, poller);
        await using var successor = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var admin = successor.CreateClient(TestJwt.Admin().Sign());
        Assert.True(await successor.ComesToLeadAsync(TimeSpan.FromSeconds(40)));

        var stop = Task.Run(async () =>
        {
            await stopping.DisposeAsync();
            await factory.DisposeAsync();
        }, Json.Cancel);
        var refusedBefore = log.RefusedAppends;
        Assert.True(await Poll.Until(() => Task.FromResult(log.RefusedAppends > refusedBefore), retried => retried));
        log.Unreachable = false;
        await stop.WaitAsync(TimeSpan.FromSeconds(60), Json.Cancel);
        var events = (await admin.ReadAllAsync()).Events;

        Assert.Equal(held.Select(EventLogClient.ToEntry), events);
    }

    /// <summary>
    /// A stop tries to store the batch it holds at least every second (<see cref="Backoff.MaxOnStop"/>), not with the poll
    /// loop's backoff (<c>Events:MaxBackoffSeconds</c>, 30 s here), whose waits would soon outlast what is left of the
    /// stop's time. On the gateway's clock, which the test moves exactly as far as each wait the stop arms.
    /// </summary>
    [Fact]
    public async Task AStopTriesToStoreItsBatchAtLeastEverySecondUntilItsTimeIsUp()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new WatchedClock();
        var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl,
            EventTestSettings.Polling(redis.Configuration, ("Events:MaxBackoffSeconds", "30")))) { Clock = clock };
        var stopping = factory.WithWebHostBuilder(FaultyEventLog.Between);
        var log = stopping.Services.GetRequiredService<FaultyEventLog>();
        var poller = stopping.Services.GetRequiredService<EventPoller>();
        var options = stopping.Services.GetRequiredService<IOptions<EventsOptions>>().Value;
        Assert.True(await stopping.ComesToLeadAsync());
        // The gateway's time moves only as the test says: on, a poll interval at a time, until a poll took the events.
        await HoldABatchAsync(queue, log, poller, () => clock.Advance(options.PollInterval));

        var stop = Task.Run(async () =>
        {
            await stopping.DisposeAsync();
            await factory.DisposeAsync();
        }, Json.Cancel);
        var started = clock.GetUtcNow();
        var waits = await clock.EndWaitsUntil(stop, wait => wait.In(typeof(EventPoller), "Delay", innermost: true)
            && wait.In(typeof(EventPoller), "StoreOnStopAsync"));
        await stop.WaitAsync(TimeSpan.FromSeconds(60), Json.Cancel);

        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, Backoff.MaxOnStop));
        Assert.InRange(waits.Sum(wait => wait.Ticks), (EventPoller.StoreOnStopFor - Backoff.MaxOnStop).Ticks, EventPoller.StoreOnStopFor.Ticks + Backoff.MaxOnStop.Ticks);
        Assert.True(clock.GetUtcNow() - started >= EventPoller.StoreOnStopFor);
        Assert.True(poller.HoldsUnstoredEvents);
    }

    [Fact]
    public async Task AStopThatCannotReachTheLogGivesItsBatchUpWithAnErrorAndEnds()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var logs = new CapturedLogs();
        var (factory, stopping, log, poller) = await LeaderAsync(queue, redis, logs);
        var held = await HoldABatchAsync(queue, log, poller);
        using var dropped = stopping.Measure("gateway.events.dropped");

        // The log never comes back: the stop tries for EventPoller.StoreOnStopFor, then ends without the batch.
        await Task.Run(async () =>
        {
            await stopping.DisposeAsync();
            await factory.DisposeAsync();
        }, Json.Cancel).WaitAsync(TimeSpan.FromSeconds(60), Json.Cancel);
        await using var next = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var admin = next.CreateClient(TestJwt.Admin().Sign());
        var events = (await admin.ReadAllAsync()).Events;

        Assert.True(poller.HoldsUnstoredEvents);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal)
            && line.Contains($"Lost {held.Count} polled events before they could be stored", StringComparison.Ordinal));
        Assert.Equal(held.Count, dropped.Sum());
        Assert.Empty(events);
    }

    [Fact]
    public async Task AnAppendWhoseReplyIsLostIsRetriedAndStoredOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var (factory, instance, log, _) = await LeaderAsync(queue, redis);
        await using var __ = factory;
        await using var ___ = instance;
        using var admin = instance.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());

        log.LoseNextReply();
        var produced = queue.Produce("room-1", 5);
        await admin.WaitForLogAsync(produced.Count);
        var later = queue.Produce("room-1", 1);
        var events = await admin.WaitForLogAsync(produced.Count + later.Count);

        Assert.Equal(produced.Concat(later).Select(EventLogClient.ToEntry), events);
    }

    /// <summary>
    /// The poller's stop begins when the process is told to stop, beside the web server's wait for the calls in flight
    /// and the audit writer's own 10 s, not after them: one after the other, a write Agora answers at its timeout (10 s)
    /// and the two 10 s of a log and a trail out of reach took the stop to the host's 30 s shutdown timeout, past the
    /// 25 s a Kubernetes pod has after its 5 s preStop, so the batch in hand went with the process, neither stored nor
    /// said to be lost. Here the write is held until the stop has given its batch up (the log never comes back).
    /// </summary>
    [Fact]
    public async Task AStoppingProcessGivesUpItsBatchWithoutWaitingForTheCallsInFlight()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        using var route = new SeverableRelay(redis.Port);
        var writeArrived = new TaskCompletionSource();
        var answerWrite = new TaskCompletionSource();
        queue.Otherwise = async context =>
        {
            if (HttpMethods.IsPut(context.Request.Method))
            {
                writeArrived.TrySetResult();
                await answerWrite.Task;
            }
            await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
        };
        var environment = EventTestSettings.ProcessEnvironment(queue.BaseUrl,
            EventTestSettings.Polling(route.Configuration, ("Agora:TimeoutSeconds", "120")));
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var admin = new HttpClient { BaseAddress = gateway.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(150) };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("maths").Sign());
        var before = queue.Produce("room-1", 3);
        await admin.WaitForLogAsync(before.Count);
        var (answer, inHand) = AnswerNextWhenReleased(queue, 4);
        await Poll.Until(() => Task.FromResult(queue.HandedOut), batches => batches.Any(b => b.Contains(inHand[0])));
        route.Sever();
        answer.SetResult();
        var holding = $"holding {inHand.Count} polled events";
        Assert.Contains(holding, await Poll.Until(() => Task.FromResult(gateway.Output), output => output.Contains(holding, StringComparison.Ordinal)));
        var write = teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);
        await writeArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);

        gateway.Terminate();
        var lost = $"Lost {inHand.Count} polled events before they could be stored";
        var output = await Poll.Until(() => Task.FromResult(gateway.Output), said => said.Contains(lost, StringComparison.Ordinal),
            EventPoller.StoreOnStopFor * 2);
        var stillInFlight = !write.IsCompleted;
        answerWrite.SetResult();
        var written = await write;
        var exitCode = await gateway.WaitForExitAsync();

        Assert.Contains(lost, output);
        Assert.True(stillInFlight);
        Assert.Equal(System.Net.HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task AProcessKilledWithAPolledBatchInHandLosesThatBatchAndNothingElse()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        using var route = new SeverableRelay(redis.Port);
        var environment = EventTestSettings.ProcessEnvironment(queue.BaseUrl, EventTestSettings.Polling(route.Configuration));
        await using var first = await GatewayProcess.StartAsync(environment);
        using var adminOfFirst = new HttpClient { BaseAddress = first.BaseUrl };
        adminOfFirst.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        var before = queue.Produce("room-1", 10);
        await adminOfFirst.WaitForLogAsync(before.Count);
        await using var second = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var adminOfSecond = second.CreateClient(TestJwt.Admin().Sign());
        await adminOfSecond.ReadPageAsync();

        // The first, still leading, takes a batch whose answer is held; it loses its route to Redis before the answer
        // comes, so it holds a batch it cannot store, and is killed holding it. Severing first would race its lease: a
        // leader left with less than half of it polls no more, and the second could take the batch once it lapsed.
        var (answer, inHand) = AnswerNextWhenReleased(queue, 7);
        var handedOut = await Poll.Until(() => Task.FromResult(queue.HandedOut), batches => batches.Any(b => b.Contains(inHand[0])));
        route.Sever();
        answer.SetResult();
        var holding = $"holding {inHand.Count} polled events";
        Assert.Contains(holding, await Poll.Until(() => Task.FromResult(first.Output), output => output.Contains(holding, StringComparison.Ordinal)));
        first.Kill();
        var after = queue.Produce("room-2", 5);
        var events = await adminOfSecond.WaitForLogAsync(before.Count + after.Count);
        await Task.Delay(TimeSpan.FromSeconds(1), Json.Cancel);
        var settled = (await adminOfSecond.ReadAllAsync()).Events;

        Assert.Equal(inHand, handedOut.Single(b => b.Contains(inHand[0])));
        Assert.Equal(before.Concat(after).Select(EventLogClient.ToEntry), settled);
        Assert.Equal(events, settled);
    }

    [Fact]
    public async Task APollAgoraAnswersLateIsStoredWhileItsLeaseIsRenewed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        // A lease of 20 s, renewed every 6.7 s, and Agora's answers awaited up to 30 s: the lease gives no poll up, so the
        // answer after 21 s, past the whole lease, is stored as it comes.
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl,
            EventTestSettings.Polling(redis.Configuration, ("Events:LeaseSeconds", "20"), ("Agora:TimeoutSeconds", "30"))))
        {
            Logs = logs,
        };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        Assert.True(await gateway.ComesToLeadAsync());

        // Agora takes longer than the whole lease to answer the poll that took these events off its queue.
        queue.AnswerNextAfter(TimeSpan.FromSeconds(21));
        var produced = queue.Produce("room-1", 3);
        var events = await admin.WaitForLogAsync(produced.Count);

        Assert.True(events.Count == produced.Count, $"the log holds {events.Count} events ({(await admin.ReadPageAsync(tolerateFailure: true)).Status}"
            + $" to a read now); the queue handed out {queue.HandedOut.Count} batches and saw {queue.PollsGivenUp} polls given up; the gateway said:\n"
            + string.Join("\n", logs.Lines.Where(line => !line.StartsWith("Trace", StringComparison.Ordinal) && !line.StartsWith("Debug", StringComparison.Ordinal)
                && (line.Contains(" Gateway.", StringComparison.Ordinal) || !line.StartsWith("Information", StringComparison.Ordinal))).Take(80)));
        Assert.Equal(produced.Select(EventLogClient.ToEntry), events);
        Assert.Equal(0, queue.PollsGivenUp);
    }

    [Fact]
    public async Task AnAnswerInHandIsKeptWhenThePollIsGivenUpOnAsItIsRead()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl)) { Clock = clock };
        var timeout = TimeSpan.FromSeconds(factory.Services.GetRequiredService<IOptions<AgoraOptions>>().Value.TimeoutSeconds);
        var grace = factory.Services.GetRequiredService<IOptions<EventsOptions>>().Value.AnswerGrace;
        await using var gateway = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddHttpClient(AgoraHttpClients.Service).AddHttpMessageHandler(() => new TimeOutOnceAnswered(clock, timeout, grace))));
        var produced = queue.Produce("room-1", 3);

        // The deadline passes between Agora's answer reaching the gateway and the gateway reading it, as it does when
        // the process is too busy to run the read at once: Agora handed these events out, so they are in hand.
        var batch = await gateway.Services.GetRequiredService<AgoraEventQueue>().TakeAsync();

        Assert.False(batch.Failed, batch.Failure);
        Assert.Equal(produced.Select(e => (e.RoomUuid, e.Sequence)), batch.Events.Select(e => (e.RoomUuid, e.Sequence)));
    }

    /// <summary>
    /// An answer is read on as long as it keeps coming, past the poll's deadline too (above): one that stops coming is given
    /// up once nothing more came for <c>Agora:TimeoutSeconds</c> and its grace, never waited for without end. It is counted
    /// and said as a poll given up (the events Agora handed out with it are lost), and the next poll's events are stored. On
    /// the gateway's clock, moved by the test.
    /// </summary>
    [Fact]
    public async Task AnAnswerThatStopsComingIsGivenUpAndTheNextPollsEventsAreStored()
    {
        var polls = 0;
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            var poll = context.Request.Path.Value!.Contains("/polling/", StringComparison.Ordinal) ? Interlocked.Increment(ref polls) : 0;
            context.Response.ContentType = "application/json";
            var events = poll is 1 or 2 ? $$$"""{"roomUuid":"room-{{{poll}}}","cmd":1,"sequence":1,"version":1,"data":{"state":1}}""" : "";
            if (poll == 1)
            {
                await context.Response.WriteAsync($$"""{"code":0,"msg":"Success","ts":1,"data":[{{events}},""", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await context.Response.WriteAsync($$"""{"code":0,"msg":"Success","ts":1,"data":[{{events}}]}""", context.RequestAborted);
        };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        var answerBegun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, EventTestSettings.Polling())) { Clock = clock, Logs = logs };
        await using var gateway = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddHttpClient(AgoraHttpClients.Service).AddHttpMessageHandler(() => new OnAnswerBegun(answerBegun))));
        using var admin = gateway.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        var options = gateway.Services.GetRequiredService<IOptions<EventsOptions>>().Value;
        var timeout = TimeSpan.FromSeconds(gateway.Services.GetRequiredService<IOptions<AgoraOptions>>().Value.TimeoutSeconds);
        using var givenUp = gateway.Measure("gateway.events.polls.given_up");
        // The answer's head is in the gateway's hands before its clock moves: the wait for the rest is what is bounded here.
        await AdvancingUntil(clock, options, () => Task.FromResult(answerBegun.Task.IsCompleted), begun => begun);

        await Poll.Until(() =>
        {
            clock.Advance(timeout);
            clock.Advance(options.AnswerGrace);
            return Task.FromResult(givenUp.Sum());
        }, sum => sum > 0);
        var events = await AdvancingUntil(clock, options, async () => (await admin.ReadAllAsync(tolerateFailure: true)).Events, stored => stored.Count > 0);

        Assert.Equal(["room-2"], events.Select(e => e.RoomUuid));
        Assert.Equal(1, givenUp.Sum());
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains($"Agora's answer stopped coming for {timeout.TotalSeconds:0.#} s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAnswerThatCameWhileTheProcessWasPausedPastItsDeadlinesIsKept()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var (release, produced) = AnswerNextWhenReleased(queue);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = OnClock(queue, redis, clock);
        await using var gateway = factory.WithWebHostBuilder(FaultyEventLog.Between);
        using var admin = gateway.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        var log = gateway.Services.GetRequiredService<FaultyEventLog>();
        var poller = gateway.Services.GetRequiredService<EventPoller>();
        var options = gateway.Services.GetRequiredService<IOptions<EventsOptions>>().Value;

        // The gateway's time moves only as the test says: on, a poll interval at a time, until a poll took the events.
        Assert.NotEmpty(await AdvancingUntil(clock, options, () => Task.FromResult(queue.HandedOut), handedOut => handedOut.Count > 0));
        // The process is paused (SIGSTOP, a frozen VM) past the poll's deadlines, the lease's give-up and Agora's timeout,
        // and no renewal comes meanwhile. As it wakes, every deadline comes due at once, and Agora's answer with it.
        log.Unreachable = true;
        clock.Advance(options.Lease + TimeSpan.FromSeconds(gateway.Services.GetRequiredService<IOptions<AgoraOptions>>().Value.TimeoutSeconds));
        release.SetResult();

        Assert.True(await Poll.Until(() => Task.FromResult(poller.HoldsUnstoredEvents), held => held));
        log.Unreachable = false;
        var events = await AdvancingUntil(clock, options, async () => (await admin.ReadAllAsync(tolerateFailure: true)).Events,
            stored => stored.Count == produced.Count);
        Assert.Equal(produced.Select(EventLogClient.ToEntry), events);
        Assert.Equal(0, queue.PollsGivenUp);
    }

    /// <summary>
    /// A poll Agora answers only after the gateway stopped waiting (<c>Agora:TimeoutSeconds</c>, then its grace) is given
    /// up and counted: the events Agora handed out with it are lost, and those of the next poll are stored. On the
    /// gateway's clock, which the test moves past the timeout and then past the grace, as the grace runs from the moment
    /// the timeout fired.
    /// </summary>
    [Fact]
    public async Task APollAnsweredAfterTheTimeoutAndItsGraceIsGivenUpAndLosesItsEventsAlone()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var (lateAnswer, lost) = AnswerNextWhenReleased(queue);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = OnClock(queue, redis, clock);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var options = gateway.Services.GetRequiredService<IOptions<EventsOptions>>().Value;
        var timeout = TimeSpan.FromSeconds(gateway.Services.GetRequiredService<IOptions<AgoraOptions>>().Value.TimeoutSeconds);
        using var givenUp = gateway.Measure("gateway.events.polls.given_up");
        Assert.NotEmpty(await AdvancingUntil(clock, options, () => Task.FromResult(queue.HandedOut), handedOut => handedOut.Count > 0));

        clock.Advance(timeout);
        clock.Advance(options.AnswerGrace);
        var abandoned = await Poll.Until(() => Task.FromResult(queue.PollsGivenUp), polls => polls > 0);
        lateAnswer.SetResult();
        var later = queue.Produce("room-2", 2);
        var events = await AdvancingUntil(clock, options, async () => (await admin.ReadAllAsync(tolerateFailure: true)).Events,
            stored => stored.Count >= later.Count);

        Assert.Equal(1, abandoned);
        Assert.Equal(1, givenUp.Sum());
        Assert.Equal(lost, Assert.Single(queue.HandedOut, batch => batch.Contains(lost[0])));
        Assert.Equal(later.Select(EventLogClient.ToEntry), events);
    }

    /// <summary>
    /// A failover that drops the leader's renewals lets another instance take the lease while the leader still counts
    /// it held. The two may then poll at once already; giving the leader's poll up would not undo that, only lose the
    /// events Agora handed to it. So the poll goes on, past the end of the lease it started under, and its batch is
    /// stored late.
    /// </summary>
    [Fact]
    public async Task APollInFlightWhenTheLeaseIsFoundTakenGoesOnAndItsBatchIsStoredLate()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var (release, produced) = AnswerNextWhenReleased(queue);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        await using var gateway = OnClock(queue, redis, clock, logs);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var options = gateway.Services.GetRequiredService<IOptions<EventsOptions>>().Value;
        using var givenUp = gateway.Measure("gateway.events.polls.given_up");
        Assert.NotEmpty(await AdvancingUntil(clock, options, () => Task.FromResult(queue.HandedOut), handedOut => handedOut.Count > 0));

        // Another instance holds the lease on the promoted replica, and the leader's next renewal finds it there.
        await redis.CliAsync("set", SandboxKeys.Events + "poller", "another-instance:99", "px", "600000");
        Assert.True(await AdvancingUntil(clock, options,
            () => Task.FromResult(logs.Lines.Any(line => line.Contains("this instance no longer polls", StringComparison.Ordinal))), lost => lost));
        // A whole lease on, past the end of the lease the poll started under (renewed at most a third of a lease before
        // the poll was taken), short of Agora's timeout (10 s from the poll's start): nothing of the lease gives it up.
        clock.Advance(options.Lease);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Json.Cancel);
        release.SetResult();

        var events = await AdvancingUntil(clock, options, async () => (await admin.ReadAllAsync(tolerateFailure: true)).Events,
            stored => stored.Count == produced.Count);
        Assert.Equal(0, queue.PollsGivenUp);
        Assert.Equal(0, givenUp.Sum());
        Assert.Equal(produced.Select(EventLogClient.ToEntry), events);
        // Said once the late append has returned, which may be a moment after a reader sees its events.
        Assert.True(await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("polled under a lease since lost", StringComparison.Ordinal))),
            said => said), "the late append was not said");
    }

    /// <summary>
    /// The client the poller calls Agora with has no timeout of its own: the poller's deadlines bound a poll and leave a
    /// process paused past them the grace to read what came meanwhile; the client's default 100 s would not, and a pause
    /// past it lost the batch (3 of 9 pauses of 104–120 s, in a check with real processes).
    /// </summary>
    [Fact]
    public async Task OnlyThePollersDeadlinesBoundAPoll()
    {
        await using var gateway = new GatewayFactory();

        var client = gateway.Services.GetRequiredService<IHttpClientFactory>().CreateClient(AgoraHttpClients.Service);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }

    /// <summary>Moves the gateway's clock past the poll's timeout and its grace once the whole answer has arrived.</summary>
    /// <summary>Says when the head of a poll's answer is in the gateway's hands.</summary>
    sealed class OnAnswerBegun(TaskCompletionSource begun) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.Contains("/polling/", StringComparison.Ordinal))
            {
                begun.TrySetResult();
            }
            return response;
        }
    }

    sealed class TimeOutOnceAnswered(FakeTimeProvider clock, TimeSpan timeout, TimeSpan grace) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            clock.Advance(timeout);
            clock.Advance(grace); // the grace runs from the moment the deadline fired
            Assert.True(cancellationToken.IsCancellationRequested);
            return response;
        }
    }

    /// <summary>
    /// A leader that can no longer renew its lease goes on waiting for the poll it started: Agora handed that poll its
    /// events, which giving it up would lose. Another instance takes the lease meanwhile and polls beside it, and the
    /// leader's batch is stored late, after what the new leader stored.
    /// </summary>
    [Fact]
    public async Task APollUnderALeaseThatCannotBeRenewedGoesOnAndItsBatchIsStoredLate()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var settings = EventTestSettings.Polling(redis.Configuration, ("Agora:TimeoutSeconds", "60"));
        var logs = new CapturedLogs();
        await using var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, settings)) { Logs = logs };
        await using var leader = factory.WithWebHostBuilder(FaultyEventLog.Between);
        Assert.True(await leader.ComesToLeadAsync());
        using var givenUp = leader.Measure("gateway.events.polls.given_up");
        var log = leader.Services.GetRequiredService<FaultyEventLog>();
        var poller = leader.Services.GetRequiredService<EventPoller>();
        await using var successor = GatewayFactory.InFrontOf(queue.BaseUrl, settings);
        using var admin = successor.CreateClient(TestJwt.Admin().Sign());

        // The leader's poll takes events Agora answers only after four leases; meanwhile the leader loses Redis.
        queue.AnswerNextAfter(TimeSpan.FromSeconds(24));
        var held = queue.Produce("room-1", 2);
        await Poll.Until(() => Task.FromResult(queue.HandedOut), batches => batches.Any(b => b.Contains(held[0])));
        log.Unreachable = true;
        Assert.True(await successor.ComesToLeadAsync(TimeSpan.FromSeconds(40)));
        var meanwhile = queue.Produce("room-2", 2);
        await admin.WaitForLogAsync(meanwhile.Count);
        Assert.True(await Poll.Until(() => Task.FromResult(poller.HoldsUnstoredEvents), holds => holds, TimeSpan.FromSeconds(40)));
        log.Unreachable = false;
        var events = await admin.WaitForLogAsync(meanwhile.Count + held.Count);

        Assert.Equal(0, queue.PollsGivenUp);
        Assert.Equal(0, givenUp.Sum());
        Assert.Equal(2, queue.MostPollsAtOnce); // the new leader's polls ran beside the one the old leader waited for
        Assert.Equal(meanwhile.Concat(held).Select(EventLogClient.ToEntry), events);
        // Said once the late append has returned, which may be a moment after a reader sees its events.
        Assert.True(await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("polled under a lease since lost", StringComparison.Ordinal))),
            said => said), "the late append was not said");
    }
}
