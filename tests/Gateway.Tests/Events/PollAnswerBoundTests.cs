using System.Text;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Events;

/// <summary>The poller reads no more of an answer than a batch of Agora's can be.</summary>
public sealed class PollAnswerBoundTests
{
    const long Huge = 64L * 1024 * 1024;

    static string Event(string room, long sequence, string text) =>
        $$$"""{"roomUuid":"{{{room}}}","cmd":1,"sequence":{{{sequence}}},"version":1,"data":{"text":"{{{text}}}"}}""";

    /// <summary>
    /// A poll answered with 64 MiB, as no batch of 100 events is, is a failed poll, said in a warning that names the bound
    /// (the HTTP client's refusal to buffer past it, which no other failure gives) and keeps none of its events; the next
    /// poll's are logged. How much the upstream wrote says nothing of what the gateway read: on a loaded machine the
    /// writes to a connection the gateway has closed can all complete before the upstream sees it closed.
    /// </summary>
    [Fact]
    public async Task AnAnswerPastTheBoundIsAFailedPollReadNoFurther()
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
            && line.Contains($"larger than the gateway reads ({AgoraEventQueue.MaxAnswerBytes / (1024 * 1024)} MiB)", StringComparison.Ordinal)), seen);
    }
}
