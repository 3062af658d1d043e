using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// The followers of the log on an instance — the hub that hands live events to the open room streams, and the follower
/// that drops the cached rooms whose events say they changed — act on a page that says it missed events: the retention
/// trimmed them before the follower read them, or the log was lost and begun again.
/// </summary>
public sealed class FollowersMissedEventsTests
{
    const int Retention = 100;

    /// <summary>
    /// A hub held back while more events than the log keeps were appended handed its open streams the events it found
    /// after the trimmed ones as if it had missed none, and a stream of another room heard nothing. Every open stream, of
    /// every room, now says <c>missed</c> (no id, no data, as a resumed stream does) before its next event.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryOpenStreamSaysMissedWhenTheHubFellBehindTheRetention(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var factory = new GatewayFactory(Settings(redis));
        await using var gateway = factory.WithWebHostBuilder(HeldBackEventLog.Between(withRedis));
        using var mathsStudent = ClientOf(gateway, TestJwt.Student("maths"));
        using var artStudent = ClientOf(gateway, TestJwt.Student("art"));
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<HeldBackEventLog>();
        await using var maths = await SseReader.OpenAsync(mathsStudent, "/api/v1/rooms/maths/events/stream");
        await using var art = await SseReader.OpenAsync(artStudent, "/api/v1/rooms/art/events/stream");
        await maths.ReadAsync();
        await art.ReadAsync();

        await log.HoldAsync();
        for (var sequence = 1; sequence <= 3 * Retention; sequence++)
        {
            await AppendAsync(log, Event("maths", EventCmd.ChatMessage, sequence));
        }
        var oldest = (await log.ReadRoomAsync("maths", EventCursor.Start, 1, Json.Cancel)).Events[0];
        log.Release();
        var missed = await maths.ReadAsync();
        var first = await maths.ReadAsync();
        var toArt = await art.ReadAsync();

        Assert.True(oldest.Event.Sequence > 1, "the retention trimmed nothing");
        Assert.Equal(("missed", null, ""), (missed?.Event, missed?.Id, missed?.Data));
        Assert.Equal((oldest.Cursor.ToString(), oldest.Event.Sequence), (first?.Id, SequenceOf(first!)));
        Assert.Equal(("missed", null, ""), (toArt?.Event, toArt?.Id, toArt?.Data));
    }

    /// <summary>
    /// Redis restarted empty (a restart without persistence, here every key lost at once): the hub's place named an entry
    /// the log no longer held, and it went on from the log's start, whose reads never say they missed anything, so the
    /// stream open throughout carried the new log's first event as if nothing had been lost in between. It says
    /// <c>missed</c> first.
    /// </summary>
    [Fact]
    public async Task AStreamOpenWhileTheLogWasLostSaysMissedBeforeTheNewLogsFirstEvent()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(Settings(redis));
        using var student = ClientOf(gateway, TestJwt.Student("maths"));
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<IEventLog>();
        var hub = gateway.Services.GetRequiredService<RoomEventHub>();
        await using var maths = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream");
        await maths.ReadAsync();
        await AppendAsync(log, Event("maths", EventCmd.ChatMessage, 1));
        var before = await maths.ReadAsync();

        await redis.CliAsync("FLUSHALL");
        var from = await Poll.Until(() =>
        {
            using var probe = hub.Subscribe("art")!;
            return Task.FromResult(probe.From);
        }, position => position == EventCursor.Start, TimeSpan.FromSeconds(20));
        await AppendAsync(log, Event("maths", EventCmd.ChatMessage, 2));
        var sent = await ReadThroughAsync(maths, 2);

        Assert.Equal(1, SequenceOf(before!));
        Assert.Equal(EventCursor.Start, from);
        Assert.Equal([("missed", ""), ("3", "2")], sent.Select(m => (m.Event, m.Event == "missed" ? m.Data : SequenceOf(m).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Null(sent[0].Id);
    }

    /// <summary>What the stream sends but pings, through the event of <paramref name="sequence"/>, within 20 s.</summary>
    static async Task<List<SseReader.Message>> ReadThroughAsync(SseReader stream, long sequence)
    {
        var sent = new List<SseReader.Message>();
        var reading = Task.Run(async () =>
        {
            while (sent.Count == 0 || sent[^1].Event == "missed" || SequenceOf(sent[^1]) != sequence)
            {
                if (await stream.ReadAsync() is { Event: not "ping" } message)
                {
                    sent.Add(message);
                }
            }
        });
        await reading.WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);
        return sent;
    }

    static HttpClient ClientOf(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> gateway, TestJwt jwt)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", jwt.Sign());
        return client;
    }

    static Dictionary<string, string?> Settings(RedisServer? redis) => new()
    {
        ["Redis:Configuration"] = redis?.Configuration,
        ["Events:RetentionEvents"] = Retention.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    static async Task AppendAsync(IEventLog log, AgoraEvent appended) => Assert.True(await log.AppendAsync([appended], null, Json.Cancel));

    static AgoraEvent Event(string room, int cmd, long sequence) =>
        new(room, cmd, sequence, 1, JsonSerializer.SerializeToElement(new { sequence }));

    static long SequenceOf(SseReader.Message message) => JsonDocument.Parse(message.Data!).RootElement.GetProperty("sequence").GetInt64();
}
