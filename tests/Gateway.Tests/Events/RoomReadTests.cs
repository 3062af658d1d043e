using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>
/// A room's events read from the log as the attendance reads them: picked out where the log holds them, in Redis or in
/// the process, a bounded number of the log's events looked at a page.
/// </summary>
public sealed class RoomReadTests
{
    public static AgoraEvent Event(string room, long sequence) =>
        new(room, EventCmd.UsersChanged, sequence, 1, JsonDocument.Parse($$"""{"n":{{sequence}}}""").RootElement.Clone());

    /// <summary>
    /// A page looks at no more than its bound of the log's events: past that many of other rooms' it is empty and its
    /// cursor has moved on, so that reading on from it reaches the room's next event; and it holds no more than its limit.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageLooksAtNoMoreThanItsBoundAndHoldsNoMoreThanItsLimit(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis);
        var log = under.Log;
        await under.AppendAsync([.. Enumerable.Range(1, EventLogPage.MaxLookedAt).Select(i => Event("history", i)),
            Event("maths", 1), Event("history", -1), Event("maths", 2), Event("maths", 3)]);

        var passed = await log.ReadRoomAsync("maths", EventCursor.Start, 2, Json.Cancel);
        var first = await log.ReadRoomAsync("maths", passed.Next, 2, Json.Cancel);
        var second = await log.ReadRoomAsync("maths", first.Next, 2, Json.Cancel);
        var end = await log.ReadRoomAsync("maths", second.Next, 2, Json.Cancel);

        Assert.Empty(passed.Events);
        Assert.NotEqual(EventCursor.Start, passed.Next);
        Assert.Equal([1L, 2L], first.Events.Select(e => e.Event.Sequence));
        Assert.Equal([3L], second.Events.Select(e => e.Event.Sequence));
        Assert.Empty(end.Events);
        Assert.Equal(second.Next, end.Next);
    }

    /// <summary>
    /// Other rooms' events count for the page's bytes too: a page looks at them while their bytes stay within
    /// <see cref="EventLogPage.MaxBytes"/> (the first always), so that a room read over a log of large events holds Redis
    /// for no longer than a page of the whole log does (2,000 events of 256 KiB looked at in one script held it 1.2 s, past
    /// every client's timeout, the attendance's own too), and reading on reaches the room's event.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageLooksAtNoMoreOfOtherRoomsEventsThanItsBytes(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis);
        var log = under.Log;
        var large = JsonDocument.Parse($$"""{"v":"{{new string('x', 1024 * 1024)}}"}""").RootElement.Clone();
        await under.AppendAsync([.. Enumerable.Range(1, 6).Select(i => new AgoraEvent("history", EventCmd.UsersChanged, i, 1, large)),
            Event("maths", 1)]);
        var history = await log.ReadAsync(EventCursor.Start, 10, Json.Cancel);

        var first = await log.ReadRoomAsync("maths", EventCursor.Start, 10, Json.Cancel);
        var after = first;
        while (after.Events.Count == 0 && await log.ReadRoomAsync("maths", after.Next, 10, Json.Cancel) is { } next && next.Next != after.Next)
        {
            after = next;
        }

        Assert.Empty(first.Events);
        Assert.Equal(history.Events[^1].Cursor, first.Next);
        Assert.Equal([1L], after.Events.Select(e => e.Event.Sequence));
    }

    /// <summary>
    /// An entry the gateway did not write whose room field names the room but whose event is another room's is not
    /// answered as the room's: a read of the whole log, keeping the room's events, does not keep it either.
    /// </summary>
    [Fact]
    public async Task AnEntryWhoseEventIsAnotherRoomsIsNotTheRoomsThoughItsFieldSaysSo()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        await under.AppendAsync([Event("maths", 1)]);
        var foreign = JsonSerializer.Serialize(Event("history", 7), AgoraJson.Stored);
        await under.Redis!.CliAsync("XADD", LogUnderTest.StreamKey, "*", "room", "maths", "event", foreign);
        await under.AppendAsync([Event("maths", 2)]);

        var page = await under.Log.ReadRoomAsync("maths", EventCursor.Start, 10, Json.Cancel);

        Assert.Equal([1L, 2L], page.Events.Select(e => e.Event.Sequence));
        Assert.All(page.Events, e => Assert.Equal("maths", e.Event.RoomUuid));
    }

    /// <summary>
    /// An entry without the room field the gateway writes is the room's its event names, as a read of the whole log,
    /// keeping the room's events, finds it: the field alone picked the room's out, and such an entry was no room's.
    /// </summary>
    [Fact]
    public async Task AnEntryWithoutItsRoomFieldIsTheRoomsItsEventNames()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        await under.AppendAsync([Event("maths", 1)]);
        await under.Redis!.CliAsync("XADD", LogUnderTest.StreamKey, "*", "event", JsonSerializer.Serialize(Event("maths", 2), AgoraJson.Stored));
        await under.Redis!.CliAsync("XADD", LogUnderTest.StreamKey, "*", "event", JsonSerializer.Serialize(Event("history", 3), AgoraJson.Stored));

        var page = await under.Log.ReadRoomAsync("maths", EventCursor.Start, 10, Json.Cancel);

        Assert.Equal([1L, 2L], page.Events.Select(e => e.Event.Sequence));
    }

    /// <summary>
    /// Redis is asked for large entries one at a time, so that it holds no more than the page and one entry besides: sixteen
    /// at a time, a page of 1 MiB events took Redis 0.2–0.36 s (16 MiB through the script, of which 3 were answered),
    /// where one at a time took 6 ms; small ones are still fetched several at a time (Redis's own count of its commands).
    /// </summary>
    [Fact]
    public async Task RedisIsAskedForLargeEntriesOneAtATime()
    {
        await using var under = await LogUnderTest.StartAsync(withRedis: true);
        var large = JsonDocument.Parse($$"""{"v":"{{new string('x', 1024 * 1024)}}"}""").RootElement.Clone();
        foreach (var sequence in Enumerable.Range(1, 8))
        {
            await under.AppendAsync([new AgoraEvent("history", EventCmd.UsersChanged, sequence, 1, large)]);
        }
        var endOfLarge = await under.Log.GetEndAsync(Json.Cancel);
        await under.AppendAsync(Enumerable.Range(1, 64).Select(i => Event("maths", i)));

        await under.Redis!.CliAsync("CONFIG", "RESETSTAT");
        var page = await under.Log.ReadAsync(EventCursor.Start, 1000, Json.Cancel);
        var largeAsks = await XrangeCallsAsync(under.Redis);
        await under.Redis.CliAsync("CONFIG", "RESETSTAT");
        var small = await under.Log.ReadRoomAsync("maths", endOfLarge, 1000, Json.Cancel);
        var smallAsks = await XrangeCallsAsync(under.Redis);

        Assert.InRange(page.Events.Count, 1, 4);
        Assert.True(largeAsks >= page.Events.Count, $"{page.Events.Count} large events fetched in {largeAsks} asks");
        Assert.Equal(64, small.Events.Count);
        Assert.True(smallAsks < 16, $"64 small events fetched in {smallAsks} asks");
    }

    static async Task<int> XrangeCallsAsync(RedisServer redis) =>
        (await redis.CliAsync("INFO", "commandstats")).Split('\n').Where(line => line.StartsWith("cmdstat_xrange:", StringComparison.Ordinal))
            .Select(line => int.Parse(line.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Single();

    /// <summary>The log's start and whether it holds an event: what a reader that kept events checks them against.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheStartIsTheOldestEventHeldAndAnEventNotHeldIsSaid(bool withRedis)
    {
        await using var under = await LogUnderTest.StartAsync(withRedis);
        var log = under.Log;
        Assert.Equal(EventCursor.Start, await log.GetStartAsync(Json.Cancel));

        await under.AppendAsync([Event("maths", 1), Event("maths", 2)]);
        var page = await log.ReadAsync(EventCursor.Start, 10, Json.Cancel);

        Assert.Equal(page.Events[0].Cursor, await log.GetStartAsync(Json.Cancel));
        Assert.True(await log.HoldsAsync(page.Events[1].Cursor, Json.Cancel));
        Assert.False(await log.HoldsAsync(page.Events[1].Cursor.Successor!.Value, Json.Cancel));
        Assert.False(await log.HoldsAsync(EventCursor.Start, Json.Cancel));
    }
}
