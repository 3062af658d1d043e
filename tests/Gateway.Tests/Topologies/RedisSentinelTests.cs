using System.Net;
using System.Text;
using Gateway.Events;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Topologies;

/// <summary>
/// Two gateway instances on a Redis primary and replica under three sentinels, with the emulator as Agora: the primary
/// dies during a class, the sentinels promote the replica, and the gateway carries on.
/// </summary>
public sealed class RedisSentinelTests
{
    const string Room = "physics";

    static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task KillingThePrimaryDuringAClassLosesNoRequestAndNoEventAndThePollerResumesOnThePromotedReplica()
    {
        await using var redis = await RedisSentinels.StartAsync();
        var settings = EventTestSettings.Polling(redis.Configuration, ("Events:ReplicasToAcknowledge", "1"));
        // What each instance's poller said, for a failure to show how an event was lost.
        var (saidOnA, saidOnB) = (new CapturedLogs(), new CapturedLogs());
        await using var a = new GatewayFactory(settings.ToDictionary(s => s.Key, s => s.Value)) { Logs = saidOnA };
        a.StartServer();
        await using var b = new GatewayFactory(GatewayFactory.OutsideTheSandbox(a.Emulator.BaseUrl, settings)) { Logs = saidOnB };
        await GatewayCluster.WaitUntilRedisAnswers(a);
        await GatewayCluster.WaitUntilRedisAnswers(b);
        using var teacherOnA = a.CreateClient(TestJwt.Teacher(Room).Sign());
        using var teacherOnB = b.CreateClient(TestJwt.Teacher(Room).Sign());
        using var admin = b.CreateClient(TestJwt.Admin().Sign());
        var answers = new List<(string What, HttpStatusCode Status)>();
        var uploads = 0;
        async Task ClassActivity(string phase)
        {
            var teacher = uploads % 2 == 0 ? teacherOnA : teacherOnB;
            var upload = await teacher.PutAsync($"/api/v1/rooms/{Room}/resources/slides-{++uploads}",
                JsonBody($$"""{"resourceName":"Slides {{uploads}}","size":2048,"ext":"pdf","url":"https://files.example/{{uploads}}.pdf"}"""), Json.Cancel);
            answers.Add(($"{phase}: upload {uploads}", upload.StatusCode));
            answers.Add(($"{phase}: list", (await teacher.GetAsync($"/api/v1/rooms/{Room}/resources", Json.Cancel)).StatusCode));
            answers.Add(($"{phase}: rtm token", (await teacher.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).StatusCode));
        }

        answers.Add(("create", (await teacherOnA.PostAsync($"/api/v1/rooms/{Room}", JsonBody("""{"roomName":"Physics","roomType":4}"""), Json.Cancel)).StatusCode));
        answers.Add(("start", (await teacherOnB.PutAsync($"/api/v1/rooms/{Room}/states/1", null, Json.Cancel)).StatusCode));
        for (var i = 0; i < 3; i++)
        {
            await ClassActivity("before");
        }
        await admin.WaitForLogAsync(4);
        var failover = redis.KillPrimaryAndAwaitFailoverAsync();
        while (!failover.IsCompleted)
        {
            await ClassActivity("during");
            await Task.Delay(200, Json.Cancel);
        }
        await failover;
        for (var i = 0; i < 3; i++)
        {
            await ClassActivity("after");
        }
        answers.Add(("end", (await teacherOnA.PutAsync($"/api/v1/rooms/{Room}/states/2", null, Json.Cancel)).StatusCode));

        var expected = await HistoryAsync(teacherOnA);
        var log = await admin.WaitForLogAsync(expected.Count);

        Assert.True(answers.All(answer => answer.Status == HttpStatusCode.OK),
            string.Join("\n", answers.Where(answer => answer.Status != HttpStatusCode.OK).Select(answer => $"{answer.What}: {answer.Status}"))
            + "\nthe gateways warned:\n" + Said(saidOnA, saidOnB, AWarning));
        Assert.Contains(answers, answer => answer.What.StartsWith("during", StringComparison.Ordinal));
        Assert.True(expected.Count >= 2 + uploads, $"the emulator recorded {expected.Count} events");
        // Nothing lost, nothing twice. A batch the leader held while the primary died is stored late when another
        // instance polled meanwhile, after what that one stored (docs/events.md), so the log is read in Agora's order.
        var missing = expected.Select(e => e.Sequence).Except(log.Where(e => e.RoomUuid == Room).Select(e => e.Sequence)).ToList();
        Assert.True(missing.Count == 0, $"events {string.Join(", ", missing)} are not in the log; the pollers said:\n"
            + Said(saidOnA, saidOnB, ByTheEvents));
        Assert.Equal(expected, log.Where(e => e.RoomUuid == Room).OrderBy(e => e.Sequence));
        Assert.Equal(log.Count, log.Distinct().Count());
        Assert.True(await Leaders.TheOneLeadingAsync(a, b) is not null, "not one instance leads the poller; the pollers said:\n"
            + Said(saidOnA, saidOnB, ByTheEvents));
        Assert.Contains("role:master", await redis.Replica.CliAsync("info", "replication"));
    }

    /// <summary>What the two instances logged that <paramref name="which"/> picks, first lines first, at most 60 of each.</summary>
    static string Said(CapturedLogs onA, CapturedLogs onB, Func<string, bool> which) =>
        string.Join("\n", new[] { (Logs: onA, Name: "a"), (Logs: onB, Name: "b") }.SelectMany(instance =>
            instance.Logs.Lines.Where(which).Take(60).Select(line => $"{instance.Name}: {(line.Length > 400 ? line[..400] : line)}")));

    /// <summary>A line of the events' code at Information or above.</summary>
    static bool ByTheEvents(string line) => !line.StartsWith("Trace", StringComparison.Ordinal) && !line.StartsWith("Debug", StringComparison.Ordinal)
        && line.Contains(" Gateway.Events.", StringComparison.Ordinal);

    /// <summary>A line at Warning or above.</summary>
    static bool AWarning(string line) => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal)
        || line.StartsWith("Critical", StringComparison.Ordinal);

    /// <summary>Every event of the room as Agora keeps it (repeatable, 100 a page).</summary>
    static async Task<List<EventLogClient.Entry>> HistoryAsync(HttpClient teacher)
    {
        var events = new List<EventLogClient.Entry>();
        string? nextId = null;
        do
        {
            var page = (await (await teacher.GetAsync($"/api/v1/rooms/{Room}/sequences" + (nextId is null ? "" : "?nextId=" + nextId), Json.Cancel))
                .ReadJson()).GetProperty("data");
            events.AddRange(page.GetProperty("list").EnumerateArray().Select(EventLogClient.ToEntry));
            nextId = page.GetProperty("nextId") is { ValueKind: System.Text.Json.JsonValueKind.Number } next ? next.GetRawText() : null;
        }
        while (nextId is not null);
        return events;
    }
}
