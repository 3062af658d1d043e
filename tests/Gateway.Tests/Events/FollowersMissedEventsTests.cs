using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Resources;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.TestHost;
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

    /// <summary>
    /// The event that said a room's properties changed at Agora was trimmed before the instance's follower read it: the
    /// instance served the room's details it had cached before the change for the rest of their minute. A page that missed
    /// events drops every room's cached details and resource list on the instance, and the next read asks Agora.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARoomChangedByAnEventTheFollowerMissedIsNotServedFromTheCache(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        var invalidated = new ConcurrentQueue<string>();
        await using var factory = new GatewayFactory(Settings(redis));
        await using var gateway = factory.WithWebHostBuilder(builder =>
        {
            HeldBackEventLog.Between(withRedis)(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IResourceListInvalidator>(provider =>
                new RecordingInvalidator(provider.GetRequiredService<ResourceListCache>(), invalidated)));
        });
        using var teacher = ClientOf(gateway, TestJwt.Teacher("maths"));
        using var student = ClientOf(gateway, TestJwt.Student("maths"));
        if (withRedis)
        {
            await Leases.UntilHeldAsync(gateway);
        }
        var created = await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.OK, await created.Content.ReadAsStringAsync(Json.Cancel));
        await ReadAsync(student);
        var cached = await ReadAsync(student);
        var log = gateway.Services.GetRequiredService<HeldBackEventLog>();

        await log.HoldAsync();
        await Launch.KickedJoinTests.AtAgoraAsync(gateway.Services.GetRequiredService<Gateway.Sandbox.EmbeddedEmulator>().BaseUrl, HttpMethod.Put, "maths/properties", """{"properties":{"quiz":"open"}}""");
        await AppendAsync(log, Event("maths", EventCmd.RoomPropertiesChanged, 1));
        for (var sequence = 1; sequence <= 3 * Retention; sequence++)
        {
            await AppendAsync(log, Event("history", EventCmd.ChatMessage, sequence));
        }
        log.Release();
        await AppendAsync(log, Event("marker", EventCmd.PublicResourcesChanged, 1));
        await Poll.Until(() => Task.FromResult(invalidated.Contains("marker")), read => read, TimeSpan.FromSeconds(20));
        var after = await ReadAsync(student);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(("HIT", null), cached);
        Assert.Equal("open", after.Quiz);
        Assert.NotEqual("HIT", after.CacheStatus);
    }

    /// <summary>The cache's invalidations, each room's noted as it is made.</summary>
    sealed class RecordingInvalidator(ResourceListCache cache, ConcurrentQueue<string> rooms) : IResourceListInvalidator
    {
        public async Task InvalidateAsync(string roomUuid, CancellationToken cancellationToken)
        {
            await cache.InvalidateAsync(roomUuid, cancellationToken);
            rooms.Enqueue(roomUuid);
        }

        public Task InvalidateAllHereAsync() => cache.InvalidateAllHereAsync();
    }

    static HttpClient ClientOf(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> gateway, TestJwt jwt)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", jwt.Sign());
        return client;
    }

    static async Task<(string? CacheStatus, string? Quiz)> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/rooms/maths", Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await response.ReadJson()).GetProperty("data").GetProperty("roomProperties");
        return (response.Headers.TryGetValues("X-Cache-Status", out var status) ? status.Single() : null,
            properties.TryGetProperty("quiz", out var quiz) ? quiz.GetString() : null);
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
