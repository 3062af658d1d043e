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
