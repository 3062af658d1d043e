using System.Net;
using System.Text.Json;
using Gateway.Tests.Events;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;

namespace Gateway.Tests.Attendance;

/// <summary>
/// End to end with the emulator as Agora: real entries and a real kick make cmd 1 and cmd 20 events, the poller logs them
/// in Redis, and both instances compute the same attendance, matching Agora's own history of the room.
/// </summary>
public sealed class EmulatorAttendanceTests
{

    [Fact]
    public async Task AttendanceFollowsAgorasEventsOfTheRoomOnEveryInstance()
    {
        await using var redis = await RedisServer.StartAsync();
        var (sandbox, peer) = await SandboxPair.StartAsync(EventTestSettings.Polling(redis.Configuration));
        await using var a = sandbox;
        await using var b = peer;
        using var teacher = a.CreateClient(TestJwt.Teacher("history").Sign());
        using var assistantOnB = b.CreateClient(TestJwt.Assistant("history").Sign());
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/history", Json.Body("""{"roomName":"History","roomType":4}"""), Json.Cancel)).StatusCode);
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "history", "student-1", 2);
        Assert.Equal(HttpStatusCode.OK, (await teacher.PutAsync("/api/v1/rooms/history/states/1", null, Json.Cancel)).StatusCode);
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "history", "student-2", 2);
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/history/users/student-1/exit", Json.Body("{}"), Json.Cancel)).StatusCode);

        var history = (await (await teacher.GetAsync("/api/v1/rooms/history/sequences", Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("list");
        var onB = await Poll.Until(async () => (await (await assistantOnB.GetAsync("/api/v1/rooms/history/attendance", Json.Cancel)).ReadJson()).GetProperty("data"),
            data => data.GetProperty("list").EnumerateArray().Any(u => u.GetProperty("kicked").GetBoolean()));
        var onA = (await (await teacher.GetAsync("/api/v1/rooms/history/attendance", Json.Cancel)).ReadJson()).GetProperty("data");

        var changes = history.EnumerateArray().Where(e => e.GetProperty("cmd").GetInt32() == 20).Select(e => e.GetProperty("data")).ToList();
        long UpdateTime(string list, string user) => changes.SelectMany(c => c.GetProperty(list).EnumerateArray())
            .Single(u => u.GetProperty("userUuid").GetString() == user).GetProperty("updateTime").GetInt64();
        var startTime = history.EnumerateArray().First(e => e.GetProperty("cmd").GetInt32() == 1).GetProperty("data").GetProperty("startTime").GetInt64();
        var users = onB.GetProperty("list").EnumerateArray().ToDictionary(u => u.GetProperty("userUuid").GetString()!);
        Assert.Equal(["student-1", "student-2"], users.Keys);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(startTime), onB.GetProperty("classStartedAt").GetDateTimeOffset());
        var kicked = users["student-1"];
        Assert.True(kicked.GetProperty("kicked").GetBoolean());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(UpdateTime("onlineUsers", "student-1")), kicked.GetProperty("intervals")[0].GetProperty("entered").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(UpdateTime("offlineUsers", "student-1")), kicked.GetProperty("intervals")[0].GetProperty("left").GetDateTimeOffset());
        Assert.True(kicked.GetProperty("firstEntryAfterStartSeconds").GetInt64() <= 0);
        var present = users["student-2"];
        Assert.False(present.GetProperty("kicked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, present.GetProperty("intervals")[0].GetProperty("left").ValueKind);
        Assert.True(present.GetProperty("firstEntryAfterStartSeconds").GetInt64() >= 0);
        Assert.Equal(kicked.GetRawText(), onA.GetProperty("list")[0].GetRawText());
    }
}
