using System.Net;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A class run through every operation of the classroom API, through the sandbox gateway with the emulator as Agora:
/// each answer is Agora's, each write shows in the reads that follow, and each reaches the gateway's event log.
/// </summary>
public sealed class ScriptedClassTests
{
    const string Room = "optics 1";
    static readonly string RoomPath = "/api/v1/rooms/" + Uri.EscapeDataString(Room);

    [Fact]
    public async Task EveryOperationAnswersAsAgoraAndEveryWriteShowsInTheReadsAndTheEvents()
    {
        await using var gateway = new GatewayFactory(EventTestSettings.Polling().ToDictionary(s => s.Key, s => s.Value));
        using var teacher = gateway.CreateClient(TestJwt.Teacher(Room).Sign());
        using var assistant = gateway.CreateClient(TestJwt.Assistant(Room).Sign());
        using var student = gateway.CreateClient(TestJwt.Student(Room).Sign());
        using var recorder = gateway.CreateClient(new TestJwt { Subject = "classroom-recorder", Roles = new[] { "student" }, Rooms = new[] { Room } }.Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        await Ok(teacher.PostAsync(RoomPath, Json.Body("""{"roomName":"Optics","roomType":4}"""), Json.Cancel));
        await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, Room, "student-1", 2);
        await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, Room, "student-2", 2);
        var created = await RoomOf(student);
        Assert.Equal("HIT", CacheStatusOf(await student.GetAsync(RoomPath, Json.Cancel)));
        Assert.Equal("Optics", created.GetProperty("roomName").GetString());
        Assert.Equal(ClassState.NotStarted, created.GetProperty("state").GetInt32());

        // Room properties: dotted keys set nested values and leave their siblings alone.
        await Ok(assistant.PutAsync(RoomPath + "/properties", Json.Body("""{"properties":{"flexProps.topic":"Lenses","flexProps.quiz.open":true}}"""), Json.Cancel));
        await Ok(assistant.PutAsync(RoomPath + "/properties", Json.Body("""{"properties":{"flexProps.quiz.open":false},"cause":{"reason":"later"}}"""), Json.Cancel));
        var flexProps = (await RoomOf(student)).GetProperty("roomProperties").GetProperty("flexProps");
        Assert.Equal("Lenses", flexProps.GetProperty("topic").GetString());
        Assert.False(flexProps.GetProperty("quiz").GetProperty("open").GetBoolean());
        await Ok(assistant.SendAsync(Delete(RoomPath + "/properties", """{"properties":["flexProps.topic"]}"""), Json.Cancel));
        flexProps = (await RoomOf(student)).GetProperty("roomProperties").GetProperty("flexProps");
        Assert.False(flexProps.TryGetProperty("topic", out _));
        Assert.True(flexProps.TryGetProperty("quiz", out _));

        // Breakout groups.
        await Ok(assistant.PutAsync(RoomPath + "/groups/states/1",
            Json.Body("""{"groups":[{"groupUuid":"group-a","groupName":"Group A","users":[{"userUuid":"student-1"}]},{"groupUuid":"group-b","groupName":"Group B","users":[{"userUuid":"student-2"}]}]}"""), Json.Cancel));
        var groups = (await RoomOf(student)).GetProperty("roomProperties").GetProperty("groups");
        Assert.Equal(GroupsState.Open, groups.GetProperty("state").GetInt32());
        Assert.Equal("student-2", groups.GetProperty("details").GetProperty("group-b").GetProperty("users")[0].GetProperty("userUuid").GetString());

        // The class and its web recording: started, paused, resumed, its page ready.
        await Ok(teacher.PutAsync(RoomPath + "/states/1", null, Json.Cancel));
        await Ok(teacher.PutAsync(RoomPath + "/records/states/1",
            Json.Body("""{"mode":"web","webRecordConfig":{"url":"https://classroom.school.example/record"},"retryTimeout":60}"""), Json.Cancel));
        await Ok(teacher.PatchAsync(RoomPath + "/records/states/1", Json.Body("""{"webRecordConfig":{"onhold":true}}"""), Json.Cancel));
        Assert.True((await RecordingOf(teacher)).GetProperty("onhold").GetBoolean());
        Assert.True((await RoomOf(student)).GetProperty("roomProperties").GetProperty("record").GetProperty("onhold").GetBoolean());
        await Ok(teacher.PatchAsync(RoomPath + "/records/states/1", Json.Body("""{"webRecordConfig":{"onhold":false}}"""), Json.Cancel));
        Assert.False((await RecordingOf(teacher)).GetProperty("onhold").GetBoolean());
        await Ok(recorder.PutAsync(RoomPath + "/records/ready", null, Json.Cancel));
        var record = (await RoomOf(student)).GetProperty("roomProperties").GetProperty("record");
        Assert.False(record.GetProperty("onhold").GetBoolean());
        Assert.True(record.GetProperty("ready").GetBoolean());

        // A user and their properties: staff read anyone, a student themself.
        var user = await Data(teacher.GetAsync(RoomPath + "/users/student-1", Json.Cancel));
        Assert.Equal("student-1", user.GetProperty("userUuid").GetString());
        Assert.Equal(RoomUserDetails.Online, user.GetProperty("state").GetInt32());
        await Ok(assistant.PutAsync(RoomPath + "/users/student-1/properties", Json.Body("""{"properties":{"seat.row":"B","seat.number":4}}"""), Json.Cancel));
        await Ok(assistant.SendAsync(Delete(RoomPath + "/users/student-1/properties", """{"properties":["seat.number"]}"""), Json.Cancel));
        var seat = (await Data(student.GetAsync(RoomPath + "/users/student-1", Json.Cancel))).GetProperty("userProperties").GetProperty("seat");
        Assert.Equal("""{"row":"B"}""", seat.GetRawText());

        // Widgets: the quiz and the poll, their users' answers, their data.
        await Ok(assistant.PutAsync(RoomPath + "/widgets/popupQuiz",
            Json.Body("""{"extra":{"question":"Which lens converges light?","options":["concave","convex"]},"state":1}"""), Json.Cancel));
        await Ok(assistant.PutAsync(RoomPath + "/widgets/popupQuiz/users/student-1", Json.Body("""{"extra":{"answer":"convex"}}"""), Json.Cancel));
        await Ok(teacher.PutAsync(RoomPath + "/widgets/poll", Json.Body("""{"extra":{"question":"Clear so far?"},"state":1}"""), Json.Cancel));
        var quiz = (await RoomOf(student)).GetProperty("roomProperties").GetProperty("widgets").GetProperty("popupQuiz");
        Assert.Equal(SetWidgetRequest.Open, quiz.GetProperty("state").GetInt32());
        Assert.Equal("Which lens converges light?", quiz.GetProperty("extra").GetProperty("question").GetString());
        var answers = (await Data(teacher.GetAsync(RoomPath + "/users/student-1", Json.Cancel))).GetProperty("userProperties").GetProperty("widgets");
        Assert.Equal("convex", answers.GetProperty("popupQuiz").GetProperty("answer").GetString());
        var quizData = (await Data(assistant.GetAsync(RoomPath + "/widgets/popupQuiz/sequences", Json.Cancel))).GetProperty("list").EnumerateArray().ToList();
        Assert.Equal(2, quizData.Count);
        Assert.All(quizData, e => Assert.Equal(EventCmd.WidgetChanged, e.GetProperty("cmd").GetInt32()));
        Assert.Equal("student-1", quizData[1].GetProperty("data").GetProperty("fromUser").GetProperty("userUuid").GetString());
        var pollData = await Data(teacher.GetAsync(RoomPath + "/widgets/poll/sequences?count=1", Json.Cancel));
        Assert.Equal("poll", Assert.Single(pollData.GetProperty("list").EnumerateArray()).GetProperty("data").GetProperty("widgetUuid").GetString());
        await Ok(assistant.SendAsync(Delete(RoomPath + "/widgets/popupQuiz/extra", """{"extra":["options"]}"""), Json.Cancel));
        Assert.False((await RoomOf(student)).GetProperty("roomProperties").GetProperty("widgets").GetProperty("popupQuiz")
            .GetProperty("extra").TryGetProperty("options", out _));
        await Ok(assistant.SendAsync(Delete(RoomPath + "/widgets/popupQuiz/users/student-1", """{"extra":["answer"]}"""), Json.Cancel));
        await Ok(assistant.SendAsync(Delete(RoomPath + "/widgets/popupQuiz", null), Json.Cancel));
        var widgets = (await RoomOf(student)).GetProperty("roomProperties").GetProperty("widgets");
        Assert.False(widgets.TryGetProperty("popupQuiz", out _));
        Assert.True(widgets.TryGetProperty("poll", out _));
        var firstPage = await Data(teacher.GetAsync(RoomPath + "/widgets/popupQuiz/sequences?count=3", Json.Cancel));
        Assert.Equal(3, firstPage.GetProperty("list").GetArrayLength());
        var rest = await Data(teacher.GetAsync(RoomPath + "/widgets/popupQuiz/sequences?nextId=" + firstPage.GetProperty("nextId"), Json.Cancel));
        Assert.Equal(2, rest.GetProperty("list").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextId").ValueKind);

        // Groups close, recording stops, the class ends.
        await Ok(assistant.PutAsync(RoomPath + "/groups/states/0", null, Json.Cancel));
        Assert.Equal(GroupsState.Closed, (await RoomOf(student)).GetProperty("roomProperties").GetProperty("groups").GetProperty("state").GetInt32());
        await Ok(teacher.PutAsync(RoomPath + "/records/states/0", null, Json.Cancel));
        await Ok(teacher.PutAsync(RoomPath + "/states/2", null, Json.Cancel));
        Assert.Equal(ClassState.Ended, (await RoomOf(student)).GetProperty("state").GetInt32());

        // Every event Agora keeps for the room reached the gateway's log, once, in order.
        var history = (await Data(teacher.GetAsync(RoomPath + "/sequences", Json.Cancel))).GetProperty("list").EnumerateArray()
            .Select(EventLogClient.ToEntry).ToList();
        var log = (await admin.WaitForLogAsync(history.Count)).Where(e => e.RoomUuid == Room).ToList();
        Assert.Equal(history, log);
        Assert.Equal(
            [EventCmd.UsersChanged, EventCmd.UsersChanged,
             EventCmd.RoomPropertiesChanged, EventCmd.RoomPropertiesChanged, EventCmd.RoomPropertiesChanged, EventCmd.RoomPropertiesChanged,
             EventCmd.ClassState, EventCmd.RecordingState, EventCmd.RoomPropertiesChanged, EventCmd.RoomPropertiesChanged, EventCmd.RoomPropertiesChanged,
             EventCmd.UserPropertiesChanged, EventCmd.UserPropertiesChanged,
             EventCmd.WidgetChanged, EventCmd.WidgetChanged, EventCmd.WidgetChanged, EventCmd.WidgetChanged, EventCmd.WidgetChanged, EventCmd.WidgetChanged,
             EventCmd.RoomPropertiesChanged, EventCmd.RecordingState, EventCmd.ClassState],
            log.Select(e => e.Cmd));
        var nested = JsonDocument.Parse(log[3].Data).RootElement;
        Assert.Equal("""{"flexProps.quiz.open":false}""", nested.GetProperty("changeProperties").GetRawText());
        Assert.Equal("later", nested.GetProperty("cause").GetProperty("reason").GetString());

        // Every write is in the audit trail, with who made it and what it named.
        (string Action, string Actor, string? Target)[] writes =
        [
            ("CreateRoom", "teacher-1", null), ("SetRoomProperties", "assistant-1", null), ("SetRoomProperties", "assistant-1", null),
            ("DeleteRoomProperties", "assistant-1", null), ("SetBreakoutGroups", "assistant-1", null), ("SetClassState", "teacher-1", null),
            ("SetRecordingState", "teacher-1", null), ("UpdateRecording", "teacher-1", null), ("UpdateRecording", "teacher-1", null),
            ("ReportRecordingReady", "classroom-recorder", null), ("SetUserProperties", "assistant-1", "student-1"),
            ("DeleteUserProperties", "assistant-1", "student-1"), ("SetWidget", "assistant-1", "popupQuiz"),
            ("SetWidgetUserProperties", "assistant-1", "student-1"), ("SetWidget", "teacher-1", "poll"),
            ("DeleteWidgetProperties", "assistant-1", "popupQuiz"), ("DeleteWidgetUserProperties", "assistant-1", "student-1"),
            ("DeleteWidget", "assistant-1", "popupQuiz"), ("SetBreakoutGroups", "assistant-1", null), ("SetRecordingState", "teacher-1", null),
            ("SetClassState", "teacher-1", null),
        ];
        var trail = await admin.WaitForAuditAsync(writes.Length, "?limit=1000&roomUuid=" + Uri.EscapeDataString(Room));
        Assert.Equal(writes.Order(), trail.Select(e => (e.Action(), e.Actor(), e.GetProperty("target").GetString())).Order());
        Assert.All(trail, e => Assert.Equal(200, e.GetProperty("status").GetInt32()));
    }

    static HttpRequestMessage Delete(string path, string? json) =>
        new(HttpMethod.Delete, path) { Content = json is null ? null : Json.Body(json) };

    /// <summary>
    /// The room's details, read from Agora: every read here follows a write, and every write through the gateway drops
    /// the room's cached details.
    /// </summary>
    static async Task<JsonElement> RoomOf(HttpClient member)
    {
        var response = await member.GetAsync(RoomPath, Json.Cancel);
        Assert.Equal("MISS", CacheStatusOf(response));
        return await Data(Task.FromResult(response));
    }

    static string? CacheStatusOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.Single() : null;

    static async Task<JsonElement> RecordingOf(HttpClient teacher) =>
        (await Data(teacher.GetAsync(RoomPath + "/records", Json.Cancel))).GetProperty("list")[0];

    /// <summary>Agora's success: 200 and the envelope with code 0.</summary>
    static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.ReadJson();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        Assert.Equal("Success", body.GetProperty("msg").GetString());
        return body;
    }

    static async Task<JsonElement> Data(Task<HttpResponseMessage> call) => (await Ok(call)).GetProperty("data");
}
