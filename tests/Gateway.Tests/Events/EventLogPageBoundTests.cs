using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Events;

/// <summary>A page of the log holds at most <see cref="EventLogPage.MaxBytes"/> of its events, unless its one event is more.</summary>
public sealed class EventLogPageBoundTests
{
    const int MiB = 1024 * 1024;

    /// <summary>
    /// Rooms' properties are up to a body's 1 MiB each. A page of 1,000 such events was read whole, from Redis or the
    /// process, by an admin's page, a stream's catch-up and each instance's reader of the log alike: an admin paging a log
    /// of large events made the gateway hold a gigabyte a page. Now a page stops before the event that would take it past
    /// the bound, the first always on it, so a 6 MiB event comes alone, and paging on from <c>next</c> still reads every
    /// event once, in order.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageStopsAtTheBoundAndPagingOnReadsEveryEventOnce(bool withRedis)
    {
        static string Properties(int bytes) => $$$"""{"changeProperties":{"key":"{{{new string('p', bytes - 32)}}}"}}""";
        (string Room, string Data)[][] batches =
        [
            [.. Enumerable.Range(1, 5).Select(i => ($"room-{i}", Properties(3 * MiB / 2)))],
            [("room-6", Properties(6 * MiB)), ("room-7", """{"text":"small"}"""), ("room-8", Properties(MiB))],
        ];
        var polls = 0;
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            var poll = context.Request.Path.Value!.Contains("/polling/", StringComparison.Ordinal) ? Interlocked.Increment(ref polls) : 0;
            var events = poll is >= 1 and <= 2
                ? string.Join(",", batches[poll - 1].Select(e => $$"""{"roomUuid":"{{e.Room}}","cmd":5,"sequence":1,"version":1,"data":{{e.Data}}}"""))
                : "";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"code":0,"msg":"Success","ts":1,"data":[{{events}}]}""", context.RequestAborted);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, EventTestSettings.Polling(redis?.Configuration)));
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var expected = batches.SelectMany(batch => batch).ToList();
        await admin.WaitForLogAsync(expected.Count);

        var pages = new List<EventLogClient.Page>();
        for (string? after = null; pages.Count == 0 || pages[^1].List.Count > 0; after = pages[^1].Next)
        {
            pages.Add(await admin.ReadPageAsync(after, limit: EventLogEndpoints.MaxLimit));
        }

        Assert.Equal(expected, pages.SelectMany(page => page.List).Select(e => (e.RoomUuid, e.Data)));
        Assert.All(pages, page => Assert.True(page.List.Count <= 1 || page.List.Sum(e => e.Data.Length) <= EventLogPage.MaxBytes,
            $"a page of {page.List.Count} events holding {page.List.Sum(e => e.Data.Length):N0} bytes of data"));
        Assert.Contains(pages, page => page.List.Select(e => e.RoomUuid).SequenceEqual(["room-6"]));
    }
}
