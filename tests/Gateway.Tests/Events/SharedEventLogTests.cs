using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>Two gateway instances sharing a real redis-server, both competing to poll the same queue.</summary>
public sealed class SharedEventLogTests
{
    [Fact]
    public async Task TwoPollingInstancesStoreEveryEventExactlyOnceAndServeTheSameLog()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var a = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var b = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var adminA = a.CreateClient(TestJwt.Admin().Sign());
        using var adminB = b.CreateClient(TestJwt.Admin().Sign());

        for (var wave = 0; wave < 5; wave++)
        {
            queue.Produce("room-1", 60);
            queue.Produce($"room-{wave + 2}", 45);
            await Task.Delay(20, Json.Cancel);
        }
        var fromA = await adminA.WaitForLogAsync(queue.Produced.Count);
        var fromB = (await adminB.ReadAllAsync(limit: 1000)).Events;

        Assert.Equal(queue.Produced.Select(EventLogClient.ToEntry), fromA);
        Assert.Equal(fromA, fromB);
        Assert.NotNull(await Leaders.TheOneLeadingAsync(a, b));
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task WhenThePollingInstanceStopsTheOtherTakesOverAndNothingIsLost(string shape)
    {
        await using var redis = await RedisDeployments.StartAsync(shape);
        await using var queue = await FakeEventQueue.StartAsync();
        var a = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        var b = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var _ = a;
        await using var __ = b;
        using var adminA = a.CreateClient(TestJwt.Admin().Sign());
        using var adminB = b.CreateClient(TestJwt.Admin().Sign());
        queue.Produce("room-1", 20);
        await adminA.WaitForLogAsync(20);

        var leader = await Leaders.TheOneLeadingAsync(a, b);
        Assert.NotNull(leader);
        var survivor = leader == a ? b : a;
        var survivorAdmin = leader == a ? adminB : adminA;
        await leader.DisposeAsync();
        queue.Produce("room-1", 20);
        queue.Produce("room-2", 20);
        var events = await survivorAdmin.WaitForLogAsync(60);

        Assert.Equal(queue.Produced.Select(EventLogClient.ToEntry), events);
        Assert.True(await survivor.ComesToLeadAsync());
    }

    [Fact]
    public async Task KillingThePollingProcessLosesNothing()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var environment = EventTestSettings.ProcessEnvironment(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var first = await GatewayProcess.StartAsync(environment);
        using var adminOfFirst = new HttpClient { BaseAddress = first.BaseUrl };
        adminOfFirst.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        queue.Produce("room-1", 30);
        await adminOfFirst.WaitForLogAsync(30);
        await using var second = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var adminOfSecond = second.CreateClient(TestJwt.Admin().Sign());
        await adminOfSecond.ReadPageAsync();

        first.Kill();
        // Produced once the second leads: a poll the first sent just before it died could still be answered, to no one.
        var leads = await second.ComesToLeadAsync(TimeSpan.FromSeconds(40));
        queue.Produce("room-1", 15);
        queue.Produce("room-2", 15);
        var events = await adminOfSecond.WaitForLogAsync(60);

        Assert.True(leads);
        Assert.Equal(queue.Produced.Select(EventLogClient.ToEntry), events);
    }

    /// <summary>
    /// A Redis restarted without persistence is another process, holding none of the log: the events this instance
    /// appended in the minute before are appended again, once each, in their order.
    /// </summary>
    [Fact]
    public async Task ARedisRestartedEmptyGetsBackTheEventsOfTheMinuteBefore()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        queue.Produce("room-1", 3);
        await admin.WaitForLogAsync(3);
        queue.Produce("room-2", 4);
        await admin.WaitForLogAsync(7);

        redis.Kill();
        await redis.RestartAsync();
        var events = await admin.WaitForLogAsync(7);

        Assert.Equal(queue.Produced.Select(EventLogClient.ToEntry), events);
    }

    /// <summary>
    /// With <c>Events:ReplicasToAcknowledge</c>, an append no replica acknowledges in time (its one replica is frozen, still
    /// connected to the primary) is said in one warning, stands on the primary and is not made again; the poller goes on,
    /// and the next poll's events are stored, with a warning of their own.
    /// </summary>
    [Fact]
    public async Task AnAppendNoReplicaAcknowledgesIsSaidAndStandsAndThePollerGoesOn()
    {
        await using var primary = await RedisServer.StartAsync();
        await using var replica = await primary.StartReplicaAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl,
            EventTestSettings.Polling(primary.Configuration, ("Events:ReplicasToAcknowledge", "1"),
                // The wait for the replica takes half the command timeout on the server: at the default 500 ms a machine
                // busy with other tests could take the other half, and a wait the client gives up on is said in a
                // warning of its own (RedisEventLogTests.AnAppendWhoseWaitForReplicasGetsNoAnswerInTimeStandsAndIsSaid).
                ("Redis:CommandTimeoutMilliseconds", "2000")))) { Logs = logs };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var notReplicated = () => logs.Lines.Count(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("Appended events are held by 0 of 1 replicas", StringComparison.Ordinal));
        Assert.True(await gateway.ComesToLeadAsync());

        replica.Freeze();
        var first = queue.Produce("room-1", 3);
        await admin.WaitForLogAsync(first.Count);
        // Said once the wait for the replica has ended, which may be a moment after a reader sees the events.
        var saidOfTheFirst = await Poll.Until(() => Task.FromResult(notReplicated()), said => said > 0);
        var next = queue.Produce("room-2", 2);
        var events = await admin.WaitForLogAsync(first.Count + next.Count);
        var saidOfBoth = await Poll.Until(() => Task.FromResult(notReplicated()), said => said > 1);
        var onThePrimary = await primary.CliAsync("xlen", SandboxKeys.Events + "log");
        replica.Thaw();

        Assert.Equal(1, saidOfTheFirst);
        Assert.Equal(2, saidOfBoth);
        Assert.Equal(first.Concat(next).Select(EventLogClient.ToEntry), events);
        Assert.Equal("5", onThePrimary.Trim());
        Assert.DoesNotContain(logs.Lines, line => line.Contains("polled events to store them again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARedisOutageDelaysEventsButLosesNone()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        queue.Produce("room-1", 5);
        await admin.WaitForLogAsync(5);

        redis.Kill();
        var duringOutage = queue.Produce("room-1", 10);
        var refused = await admin.GetAsync("/api/v1/events", Json.Cancel);
        await redis.RestartAsync();
        // This redis-server keeps nothing on disk, so the restarted log holds what came after the outage began.
        var events = await Poll.Until(() => admin.ReadAllAsync(tolerateFailure: true), r => r.Events.Count >= duringOutage.Count, TimeSpan.FromSeconds(40));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(503, (await refused.ReadJson()).GetProperty("code").GetInt32());
        Assert.Equal(duringOutage.Select(EventLogClient.ToEntry), events.Events.Where(e => e.Sequence > 5));
        Assert.Equal(events.Events.Count, events.Events.Distinct().Count());
    }
}
