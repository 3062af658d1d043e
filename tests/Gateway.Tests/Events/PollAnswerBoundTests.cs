using System.Text;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Events;

/// <summary>
/// The poller keeps every event of an answer however large, and holds at most <see cref="AgoraEventQueue.MaxKeptBytes"/> of
/// their data: past it an event is kept with its data null.
/// </summary>
public sealed class PollAnswerBoundTests
{
    const long Huge = 64L * 1024 * 1024;

    static string Event(string room, long sequence, string text) =>
        $$$"""{"roomUuid":"{{{room}}}","cmd":1,"sequence":{{{sequence}}},"version":1,"data":{"text":"{{{text}}}"}}""";

    /// <summary>
    /// A poll answered with a single value of 64 MiB, as no event of Agora's holds (a property is at most a body's 1 MiB), is
    /// a failed poll, said in a warning that names the bound, and keeps none of its events; the next poll's are logged. How much the upstream wrote says nothing of what the gateway read: on a loaded machine the
    /// writes to a connection the gateway has closed can all complete before the upstream sees it closed.
    /// </summary>
    [Fact]
    public async Task AnAnswerHoldingAValuePastTheBoundIsAFailedPollReadNoFurther()
    {
        var (polls, written) = (0, 0L);
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            if (!context.Request.Path.Value!.Contains("/polling/", StringComparison.Ordinal))
            {
                await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
                return;
            }
            var poll = Interlocked.Increment(ref polls);
            context.Response.ContentType = "application/json";
            if (poll > 1)
            {
                var events = poll == 2 ? Event("room-1", 1, "after") : "";
                await context.Response.WriteAsync($$"""{"code":0,"msg":"Success","ts":1,"data":[{{events}}]}""");
                return;
            }
            // The last event's text runs on for 64 MiB.
            await context.Response.WriteAsync($$"""{"code":0,"msg":"Success","ts":1,"data":[{{Event("room-huge", 1, "first")}},""", context.RequestAborted);
            await context.Response.WriteAsync("""{"roomUuid":"room-huge","cmd":1,"sequence":2,"version":1,"data":{"text":" """.TrimEnd(), context.RequestAborted);
            var padding = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            while (written < Huge && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(padding, context.RequestAborted).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
                written += padding.Length;
            }
            await context.Response.WriteAsync("\"}}]}", context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, EventTestSettings.Polling())) { Logs = logs };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var logged = await Poll.Until(async () => (await admin.ReadPageAsync(tolerateFailure: true)).List, list => list.Count > 0);

        var said = string.Join("\n", logs.Lines.Where(line => line.Contains("Gateway.Events", StringComparison.Ordinal) && !line.StartsWith("Trace", StringComparison.Ordinal)));
        var seen = $"{polls} polls, {written:N0} bytes of the first answer written; the gateway said:\n{said}";
        Assert.True(logged.Select(entry => entry.RoomUuid).SequenceEqual(["room-1"]), $"logged {string.Join(", ", logged)}; {seen}");
        Assert.True(logs.Lines.Any(line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains($"a value larger than the gateway reads ({AgoraEventQueue.MaxKeptBytes / (1024 * 1024)} MiB)", StringComparison.Ordinal)), seen);
    }

    /// <summary>
    /// A deletion of a room's properties carries every value it removed: 9 MiB for nine properties of 1 MiB, each written
    /// by a body within the gateway's limit. Read whole, the answer holding it was a failed poll, after Agora's queue had
    /// handed out the batch: that event and every other of its batch were lost. Now each event of the answer is logged, and
    /// their data are kept in the order they came while the batch's kept data stay within the bound: the 9 MiB event and a
    /// 3 MiB one past what is left are logged with their data null, each said in a warning that names its room, cmd and
    /// sequence; the rest, one after them too, keep theirs.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryEventOfAnAnswerPastTheBoundIsLoggedWithTheDataThatFits(bool withRedis)
    {
        const int MiB = 1024 * 1024;
        static string Properties(int count, int bytes) => "{\"changeProperties\":{" + string.Join(",",
            Enumerable.Range(0, count).Select(i => $"\"key{i}\":\"{new string((char)('a' + i), bytes - 16)}\"")) + "}}";
        (string Room, string Data)[] batch =
        [
            ("room-a", Properties(3, MiB)),
            ("room-b", Properties(9, MiB)),
            ("room-c", Properties(3, MiB)),
            ("room-d", Properties(3, MiB)),
            ("room-e", """{"text":"small"}"""),
        ];
        var polls = 0;
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            var events = context.Request.Path.Value!.Contains("/polling/", StringComparison.Ordinal) && Interlocked.Increment(ref polls) == 1
                ? string.Join(",", batch.Select(e => $$"""{"roomUuid":"{{e.Room}}","cmd":5,"sequence":1,"version":1,"data":{{e.Data}}}"""))
                : "";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"code":0,"msg":"Success","ts":1,"data":[{{events}}]}""", context.RequestAborted);
        };
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, EventTestSettings.Polling(redis?.Configuration))) { Logs = logs };
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var logged = await admin.WaitForLogAsync(batch.Length);

        var warnings = logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Gateway.Events", StringComparison.Ordinal)).ToList();
        Assert.Equal(batch.Select(e => e.Room), logged.Select(e => e.RoomUuid));
        Assert.Equal([batch[0].Data, "null", batch[2].Data, "null", batch[4].Data], logged.Select(e => e.Data));
        Assert.Equal(2, warnings.Count);
        Assert.Contains("room room-b, cmd 5, sequence 1", warnings[0], StringComparison.Ordinal);
        Assert.Contains("room room-d, cmd 5, sequence 1", warnings[1], StringComparison.Ordinal);
    }
}
