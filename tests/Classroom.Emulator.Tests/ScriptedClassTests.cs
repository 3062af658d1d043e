using System.Text.Json;

namespace Classroom.Emulator.Tests;

/// <summary>One whole class through the emulator alone, every answer and every event checked.</summary>
public sealed class ScriptedClassTests
{
    [Fact]
    public async Task ATeacherRunsAWholeClassThroughEveryPartOfTheApi()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        var put = HttpMethod.Put;
        var delete = HttpMethod.Delete;
        string Room(string template, params string[] ids) => emulator.Path(template, ["math", .. ids]);

        // Create, enter, query.
        await Expect.Success(await client.PostAsync(Room("/v2/rooms/{0}"), Json.Raw("""
            {"roomName":"Math","roomType":10,"roleConfig":{"2":{"limit":30,"defaultStream":{"state":1,"videoState":1,"audioState":1}}},
             "roomProperties":{"schedule":{"startTime":1767603600000,"duration":3600},"processes":{"handsUp":{"maxAccept":4}},
               "flexProps":{"unit":1},"widgets":{"netlessBoard":{"state":1}}}}
            """), RunningEmulator.Ct));
        await emulator.EnterAsync(client, "math", "ann", "Ann", 2);
        await emulator.EnterAsync(client, "math", "bob", "Bob", 2);
        var created = await emulator.QueryRoomAsync(client, "math");
        Assert.Equal("Math", created.GetProperty("roomName").GetString());
        Assert.Equal(30, created.GetProperty("roleConfig").GetProperty("2").GetProperty("limit").GetInt32());
        Assert.Equal(10, created.GetProperty("roomProperties").GetProperty("roomType").GetInt32());
        Assert.Equal(4, created.GetProperty("roomProperties").GetProperty("processes").GetProperty("handsUp").GetProperty("maxAccept").GetInt32());

        // Nested room properties, then breakout groups.
        await Expect.Success(await RunningEmulator.SendAsync(client, put, Room("/v2/rooms/{0}/properties"),
            Json.Raw("""{"properties":{"flexProps.unit":2,"flexProps.topic.name":"Fractions"}}""")));
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/groups/states/1"),
            Json.Raw("""{"groups":[{"groupUuid":"g1","groupName":"Red","users":[{"userUuid":"ann"}]},{"groupUuid":"g2","groupName":"Blue","users":[{"userUuid":"bob"}]}]}"""),
            RunningEmulator.Ct));
        var grouped = (await emulator.QueryRoomAsync(client, "math")).GetProperty("roomProperties");
        Assert.Equal("""{"unit":2,"topic":{"name":"Fractions"}}""", grouped.GetProperty("flexProps").GetRawText());
        Assert.Equal(1, grouped.GetProperty("groups").GetProperty("state").GetInt32());
        Assert.Equal(["g1", "g2"], grouped.GetProperty("groups").GetProperty("details").EnumerateObject().Select(g => g.Name));

        // Start, record the page held, resume it, and the page reports ready.
        emulator.Clock.Advance(TimeSpan.FromMinutes(1));
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/states/1"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/records/states/1"), Json.Raw("""
            {"mode":"web","webRecordConfig":{"rootUrl":"https://school.example/record","onhold":true},"retryTimeout":60}
            """), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromSeconds(20));
        await Expect.Success(await RunningEmulator.SendAsync(client, HttpMethod.Patch, Room("/v2/rooms/{0}/records/states/1"),
            Json.Raw("""{"webRecordConfig":{"onhold":false}}""")));
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/records/ready"), null, RunningEmulator.Ct));
        var recording = (await Expect.Success(await client.GetAsync(Room("/v2/rooms/{0}/records"), RunningEmulator.Ct))).GetProperty("list")[0];
        Assert.Equal(1, recording.GetProperty("status").GetInt32());
        Assert.False(recording.GetProperty("onhold").GetBoolean());
        var record = (await emulator.QueryRoomAsync(client, "math")).GetProperty("roomProperties").GetProperty("record");
        Assert.Equal("""{"state":1,"recordId":"%ID%","ready":true,"onhold":false,"streamingUrl":null}""".Replace("%ID%", recording.GetProperty("recordId").GetString(), StringComparison.Ordinal),
            record.GetRawText());

        // A user's properties, a quiz and a poll.
        await Expect.Success(await RunningEmulator.SendAsync(client, put, Room("/v2/rooms/{0}/users/{1}/properties", "ann"),
            Json.Raw("""{"properties":{"reward.stars":3}}""")));
        await Expect.Success(await RunningEmulator.SendAsync(client, put, Room("/v2/rooms/{0}/widgets/{1}", "popupQuiz"),
            Json.Raw("""{"extra":{"popupQuizId":"q1","items":["A","B","C"],"correctItems":["B"],"answerState":1},"state":1}""")));
        await Expect.Success(await RunningEmulator.SendAsync(client, put, Room("/v2/rooms/{0}/widgets/{1}/users/{2}", "popupQuiz", "ann"),
            Json.Raw("""{"extra":{"popupQuizId":"q1","selectedItems":["B"],"isCorrect":true}}""")));
        await Expect.Success(await RunningEmulator.SendAsync(client, put, Room("/v2/rooms/{0}/widgets/{1}", "poll"),
            Json.Raw("""{"extra":{"pollId":"p1","pollItems":["yes","no"],"mode":1,"pollState":1},"state":1}""")));
        var ann = await Expect.Success(await client.GetAsync(Room("/v2/rooms/{0}/users/{1}", "ann"), RunningEmulator.Ct));
        Assert.Equal(1, ann.GetProperty("state").GetInt32());
        Assert.Equal("""{"reward":{"stars":3},"widgets":{"popupQuiz":{"popupQuizId":"q1","selectedItems":["B"],"isCorrect":true}}}""",
            ann.GetProperty("userProperties").GetRawText());
        var widgets = (await emulator.QueryRoomAsync(client, "math")).GetProperty("roomProperties").GetProperty("widgets");
        Assert.Equal(["netlessBoard", "popupQuiz", "poll"], widgets.EnumerateObject().Select(w => w.Name));
        Assert.Equal("q1", widgets.GetProperty("popupQuiz").GetProperty("extra").GetProperty("popupQuizId").GetString());

        // Read the quiz's and the poll's events, then delete the poll.
        var quiz = await Expect.Success(await client.GetAsync(Room("/v2/rooms/{0}/widgets/popupQuiz/sequences") + "?count=10", RunningEmulator.Ct));
        var poll = await Expect.Success(await client.GetAsync(Room("/v2/rooms/{0}/widgets/poll/sequences"), RunningEmulator.Ct));
        Assert.Equal(2, quiz.GetProperty("total").GetInt32());
        Assert.Equal("ann", quiz.GetProperty("list")[1].GetProperty("data").GetProperty("fromUser").GetProperty("userUuid").GetString());
        Assert.Equal("p1", Assert.Single(poll.GetProperty("list").EnumerateArray()).GetProperty("data").GetProperty("changeProperties").GetProperty("extra.pollId").GetString());
        await Expect.Success(await RunningEmulator.SendAsync(client, delete, Room("/v2/rooms/{0}/widgets/{1}", "poll")));
        Assert.False((await emulator.QueryRoomAsync(client, "math")).GetProperty("roomProperties").GetProperty("widgets").TryGetProperty("poll", out _));

        // Close the groups, stop recording, end the class.
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/groups/states/0"), null, RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromMinutes(40));
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/records/states/0"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(Room("/v2/rooms/{0}/states/2"), null, RunningEmulator.Ct));
        var ended = await emulator.QueryRoomAsync(client, "math");
        Assert.Equal(2, ended.GetProperty("state").GetInt32());
        Assert.Equal(0, ended.GetProperty("roomProperties").GetProperty("groups").GetProperty("state").GetInt32());
        Assert.Equal(2, ended.GetProperty("roomProperties").GetProperty("record").GetProperty("state").GetInt32());

        // Every write, in order, in the room's history and, once each, in the app's queue.
        var expected = new (int Cmd, string What)[]
        {
            (20, "ann in"), (20, "bob in"), (5, "flexProps"), (5, "groups open"), (1, "started"), (1001, "recording, reason 1"),
            (5, "record.onhold"), (5, "record.ready"), (23, "ann's reward"), (1110, "quiz opens"), (1110, "ann answers"),
            (1110, "poll opens"), (1110, "poll deleted"), (5, "groups closed"), (1001, "stopped, reason 2"), (1, "ended"),
        };
        var history = await emulator.EventsAsync(client, "math");
        Assert.Equal(expected.Select(e => e.Cmd), history.Select(e => e.GetProperty("cmd").GetInt32()));
        Assert.Equal(Enumerable.Range(1, expected.Length).Select(i => (long)i), history.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal([1, 2], history.Where(e => e.GetProperty("cmd").GetInt32() == 1001).Select(e => e.GetProperty("data").GetProperty("reason").GetInt32()));
        Assert.Equal(2, history[^4].GetProperty("data").GetProperty("action").GetInt32());
        Assert.Equal(0, history[^3].GetProperty("data").GetProperty("changeProperties").GetProperty("groups.state").GetInt32());
        var polled = await emulator.PollAsync(client);
        Assert.Equal(history.Select(e => e.GetRawText()), polled.Select(e => e.GetRawText()));
        Assert.Empty(await emulator.PollAsync(client));
        Assert.Equal(JsonValueKind.Object, history[8].GetProperty("data").GetProperty("fromUser").ValueKind);
    }
}
