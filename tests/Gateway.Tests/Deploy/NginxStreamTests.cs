using System.Net;
using System.Text.Json;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Deploy;

/// <summary>
/// A room's live events through the shipped <c>nginx.conf</c>, as Compose runs it: they reach the client as they happen,
/// a client resumes after the last it read, and the gateway's heartbeats keep a quiet stream open past nginx's read
/// timeout. Over HTTP/1.1 and HTTP/2 between the client and nginx.
/// </summary>
public sealed class NginxStreamTests
{
    const string Stream = "/api/v1/rooms/room-1/events/stream";

    static HttpClient StudentThrough(Nginx nginx, bool http2)
    {
        var client = nginx.CreateClient(http2 ? HttpVersion.Version20 : HttpVersion.Version11);
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        return client;
    }

    static long SequenceOf(SseReader.Message message) => JsonDocument.Parse(message.Data!).RootElement.GetProperty("sequence").GetInt64();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EventsReachTheClientAsTheyHappenAndAResumeStartsAfterTheLastItRead(bool http2)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        // No heartbeat due while the test reads: what arrives is the event, not a ping pushing it out.
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(more: ("Events:HeartbeatSeconds", "300")));
        await using var nginx = await Nginx.StartInFrontOfAsync(gateway.StartOnASocket(), http2 ? Nginx.Http2 : null);
        using var student = StudentThrough(nginx, http2);

        string lastRead;
        long firstSequence;
        Version version;
        await using (var stream = await SseReader.OpenAsync(student, Stream))
        {
            version = stream.Response.Version;
            Assert.Equal("ping", (await stream.ReadAsync())?.Event);
            var produced = queue.Produce("room-1", 1);
            var received = await stream.ReadEventAsync();
            (lastRead, firstSequence) = (received.Id!, SequenceOf(received));
            Assert.Equal(produced[0].Sequence, firstSequence);
        }
        var missed = queue.Produce("room-1", 2);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await admin.WaitForLogAsync(3);
        await using var resumed = await SseReader.OpenAsync(student, Stream, lastEventId: lastRead);
        var next = await resumed.ReadEventAsync();

        Assert.Equal(http2 ? HttpVersion.Version20 : HttpVersion.Version11, version);
        Assert.Equal(missed[0].Sequence, SequenceOf(next));
    }

    /// <summary>
    /// The gateway's heartbeat is shorter than nginx's read timeout on the stream's location (15 s against 4 h as shipped);
    /// here both are shortened (1 s against 8 s), keeping their order, so that a quiet stream outlives the timeout twice
    /// over. The gateway runs in the test's process, beside every other test: a timeout only a few heartbeats long was
    /// passed once by a heartbeat that process was too busy to send on time, and nginx ended the stream.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HeartbeatsKeepAQuietStreamOpenPastNginxsReadTimeout(bool http2)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(more: ("Events:HeartbeatSeconds", "1")));
        string ShortTimeout(string configuration)
        {
            Assert.Contains("proxy_read_timeout 4h;", configuration);
            return (http2 ? Nginx.Http2(configuration) : configuration).Replace("proxy_read_timeout 4h;", "proxy_read_timeout 8s;", StringComparison.Ordinal);
        }
        await using var nginx = await Nginx.StartInFrontOfAsync(gateway.StartOnASocket(), ShortTimeout);
        using var student = StudentThrough(nginx, http2);
        await using var stream = await SseReader.OpenAsync(student, Stream);

        var pings = new List<string?>();
        for (var i = 0; i < 17; i++)
        {
            pings.Add((await stream.ReadAsync())?.Event);
        }
        var produced = queue.Produce("room-1", 1);
        var received = await stream.ReadEventAsync();

        Assert.All(pings, ping => Assert.Equal("ping", ping));
        Assert.Equal(produced[0].Sequence, SequenceOf(received));
    }
}
