using System.Text.Json;

namespace Classroom.Emulator.Tests;

public sealed class RoomPropertyTests
{
    static readonly HttpMethod Put = HttpMethod.Put, Delete = HttpMethod.Delete;

    const string CloudClass = """
        {"roomName":"Cloud 101","roomType":10,
         "roleConfig":{"2":{"limit":50,"defaultStream":{"state":1,"videoState":1,"audioState":0}}},
         "roomProperties":{"schedule":{"startTime":1767600000000,"duration":3600,"closeDelay":600},
           "processes":{"handsUp":{"maxAccept":6,"defaultAcceptRole":""}},
           "flexProps":{"lesson":"algebra"},
           "widgets":{"netlessBoard":{"state":1},"easemobIM":{"state":0}},
           "watermark":true}}
        """;

    [Fact]
    public async Task QueryAnswersTheRoomAsItWasCreatedAndAsItRuns()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", "r"), Json.Raw(CloudClass), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromMinutes(5));

        var created = await emulator.QueryRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct));
        var started = await emulator.QueryRoomAsync(client, "r");

        Assert.Equal("r", created.GetProperty("roomUuid").GetString());
        Assert.Equal("Cloud 101", created.GetProperty("roomName").GetString());
        Assert.Equal(50, created.GetProperty("roleConfig").GetProperty("2").GetProperty("limit").GetInt32());
        Assert.Equal(0, created.GetProperty("roleConfig").GetProperty("2").GetProperty("defaultStream").GetProperty("audioState").GetInt32());
        Assert.Equal(0, created.GetProperty("state").GetInt32());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("startTime").ValueKind);
        Assert.Equal(RunningEmulator.Start.ToUnixTimeMilliseconds(), created.GetProperty("createTime").GetInt64());
        Assert.Equal([0, 0, 0], new[] { "muteChat", "muteAudio", "muteVideo" }.Select(flag => created.GetProperty(flag).GetInt32()));
        var properties = created.GetProperty("roomProperties");
        Assert.Equal(10, properties.GetProperty("roomType").GetInt32());
        Assert.Equal(3600, properties.GetProperty("schedule").GetProperty("duration").GetInt32());
        Assert.Equal(6, properties.GetProperty("processes").GetProperty("handsUp").GetProperty("maxAccept").GetInt32());
        Assert.Equal("algebra", properties.GetProperty("flexProps").GetProperty("lesson").GetString());
        Assert.Equal(1, properties.GetProperty("widgets").GetProperty("netlessBoard").GetProperty("state").GetInt32());
        Assert.Equal(0, properties.GetProperty("widgets").GetProperty("easemobIM").GetProperty("state").GetInt32());
        Assert.True(properties.GetProperty("watermark").GetBoolean());
        Assert.Equal(0, properties.GetProperty("record").GetProperty("state").GetInt32());
        Assert.Equal(1, started.GetProperty("state").GetInt32());
        Assert.Equal(RunningEmulator.Start.AddMinutes(5).ToUnixTimeMilliseconds(), started.GetProperty("startTime").GetInt64());
    }

    /// <summary>The created room's properties are one tree, kept whole: keys Agora names no rule for, at any depth, too.</summary>
    [Fact]
    public async Task KeepsEveryKeyTheRoomWasCreatedWithAtAnyDepth()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        const string Created = """
            {"schedule":{"startTime":1796373562000,"duration":600,"closeDelay":60,"tz":"UTC"},
             "processes":{"handsUp":{"maxAccept":3,"enabled":true},"other":{"a":1}},
             "widgets":{"netlessBoard":{"state":1,"extra":{"k":1}}}}
            """;

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", "r"),
            Json.Raw($$"""{"roomName":"X","roomType":4,"roomProperties":{{Created}}}"""), RunningEmulator.Ct));

        var properties = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties");
        Assert.Equal("UTC", properties.GetProperty("schedule").GetProperty("tz").GetString());
        Assert.True(properties.GetProperty("processes").GetProperty("handsUp").GetProperty("enabled").GetBoolean());
        Assert.Equal(1, properties.GetProperty("processes").GetProperty("other").GetProperty("a").GetInt32());
        Assert.Equal(1, properties.GetProperty("widgets").GetProperty("netlessBoard").GetProperty("extra").GetProperty("k").GetInt32());
    }

    /// <summary>
    /// Each value comes back as the JSON it was sent as: a role the client wrote as text (<c>"2"</c>) stays text, and a
    /// null stays null, where a room's properties read through their model and written again came back as the number 2
    /// and without the field.
    /// </summary>
    [Fact]
    public async Task KeepsEveryValueTheRoomWasCreatedWithAsItWasSent()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        const string Created = """
            {"processes":{"handsUp":{"maxAccept":3,"defaultAcceptRole":"2"}},"schedule":{"startTime":null,"duration":600}}
            """;

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", "r"),
            Json.Raw($$"""{"roomName":"X","roomType":4,"roomProperties":{{Created}}}"""), RunningEmulator.Ct));

        var properties = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties");
        Assert.Equal("2", properties.GetProperty("processes").GetProperty("handsUp").GetProperty("defaultAcceptRole").GetString());
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("schedule").GetProperty("startTime").ValueKind);
        Assert.Equal(600, properties.GetProperty("schedule").GetProperty("duration").GetInt32());
    }

    [Fact]
    public async Task QueryingAnUnknownOrDestroyedRoomIs20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));

        var unknown = await client.GetAsync(emulator.Path("/v2/rooms/{0}", "ghost"), RunningEmulator.Ct);
        var ended = await client.GetAsync(emulator.Path("/v2/rooms/{0}", "r"), RunningEmulator.Ct);
        emulator.Clock.Advance(TimeSpan.FromHours(1));
        var destroyed = await client.GetAsync(emulator.Path("/v2/rooms/{0}", "r"), RunningEmulator.Ct);

        await Expect.Failure(unknown, 404, 20404100);
        Assert.Equal(2, (await Expect.Success(ended)).GetProperty("state").GetInt32());
        await Expect.Failure(destroyed, 404, 20404100);
    }

    [Fact]
    public async Task SetsNestedPropertiesByDottedKeysAndAnnouncesThemOnce()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", "r"), Json.Raw(CloudClass), RunningEmulator.Ct));
        await emulator.PollAsync(client);

        var set = await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw("""{"properties":{"flexProps.quiz.open":true,"title":"Fractions"},"cause":{"why":"quiz"}}"""));

        await Expect.Success(set);
        var properties = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties");
        Assert.Equal("algebra", properties.GetProperty("flexProps").GetProperty("lesson").GetString());
        Assert.True(properties.GetProperty("flexProps").GetProperty("quiz").GetProperty("open").GetBoolean());
        Assert.Equal("Fractions", properties.GetProperty("title").GetString());
        var announced = Assert.Single(await emulator.EventsAsync(client, "r", 5));
        var data = announced.GetProperty("data");
        Assert.Equal(1, data.GetProperty("action").GetInt32());
        Assert.True(data.GetProperty("changeProperties").GetProperty("flexProps.quiz.open").GetBoolean());
        Assert.Equal("Fractions", data.GetProperty("changeProperties").GetProperty("title").GetString());
        Assert.Equal("quiz", data.GetProperty("cause").GetProperty("why").GetString());
        Assert.Equal("server", data.GetProperty("operator").GetProperty("userUuid").GetString());
        var polled = Assert.Single(await emulator.PollAsync(client));
        Assert.Equal(announced.GetProperty("sequence").GetInt64(), polled.GetProperty("sequence").GetInt64());
        Assert.Empty(await emulator.PollAsync(client));
    }

    /// <summary>
    /// A body may nest 64 levels, and what it sets is stored under its key path and answered inside the envelope and an
    /// event: the emulator answers every value it took, where the serializer's default depth of 64 failed each read with a 500.
    /// </summary>
    [Fact]
    public async Task AnswersTheDeepestValueABodyMaySetUnderTheLongestKey()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await emulator.EnterAsync(client, "r", "u");
        await emulator.PollAsync(client);
        var key = string.Join('.', Enumerable.Range(1, Classroom.Agora.Validation.PropertyRules.MaxKeyDepth).Select(i => $"k{i}"));
        var levels = Classroom.Agora.Validation.SoundJson.MaxDepth - 2; // the body's object and extra (or properties) hold it
        var value = new string('[', levels) + new string(']', levels);

        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "quiz"),
            Json.Raw("{\"extra\":{\"" + key + "\":" + value + "}}")));
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/users/{1}/properties", "r", "u"),
            Json.Raw("{\"properties\":{\"" + key + "\":" + value + "}}")));

        var room = await Deep(await client.GetAsync(emulator.Path("/v2/rooms/{0}", "r"), RunningEmulator.Ct));
        var stored = key.Split('.').Aggregate(room.GetProperty("roomProperties").GetProperty("widgets").GetProperty("quiz").GetProperty("extra"),
            (node, part) => node.GetProperty(part));
        Assert.Equal(value, stored.GetRawText());
        var user = await Deep(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "u"), RunningEmulator.Ct));
        Assert.True(user.GetProperty("userProperties").TryGetProperty("k1", out _));
        var events = await Deep(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "r"), RunningEmulator.Ct));
        Assert.Equal(value, events.GetProperty("list").EnumerateArray().Last().GetProperty("data").GetProperty("changeProperties").GetProperty(key).GetRawText());
        var polled = await Deep(await client.GetAsync(emulator.PollPath, RunningEmulator.Ct));
        Assert.Equal(2, polled.GetArrayLength());
    }

    /// <summary><c>data</c> of a success, read without the reader's default limit of 64 levels.</summary>
    static async Task<JsonElement> Deep(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(RunningEmulator.Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        Assert.Equal(0, document.RootElement.GetProperty("code").GetInt32());
        return document.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task AValueOnTheWayToANestedKeyGivesWayToAnObject()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/properties", "r"), Json.Raw("""{"properties":{"a":5}}""")));

        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/properties", "r"), Json.Raw("""{"properties":{"a.b":6}}""")));

        var a = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("a");
        Assert.Equal(6, a.GetProperty("b").GetInt32());
    }

    [Fact]
    public async Task AnyKeyMayBeWrittenButRecordIsTheRecordingsOwn()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw("""{"properties":{"record.state":9,"widgets.timer.state":1}}""")));

        await Expect.Success(await RunningEmulator.SendAsync(client, HttpMethod.Delete, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw("""{"properties":["record"]}""")));

        var properties = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties");
        Assert.Equal("""{"state":0}""", properties.GetProperty("record").GetRawText());
        Assert.Equal(1, properties.GetProperty("widgets").GetProperty("timer").GetProperty("state").GetInt32());
        // What a client wrote under record is neither kept nor announced: the room's events speak of no recording.
        var announced = Assert.Single(await emulator.EventsAsync(client, "r", 5));
        Assert.Equal("""{"widgets.timer.state":1}""", announced.GetProperty("data").GetProperty("changeProperties").GetRawText());
    }

    [Fact]
    public async Task DeletesNestedKeysAndAnnouncesWhatWent()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw("""{"properties":{"a.b":1,"a.c":2}}""")));

        var deleted = await RunningEmulator.SendAsync(client, Delete, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw("""{"properties":["a.b","missing"],"cause":{"why":"cleanup"}}"""));
        var nothingToDelete = await RunningEmulator.SendAsync(client, Delete, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw("""{"properties":["missing"]}"""));

        await Expect.Success(deleted);
        await Expect.Success(nothingToDelete);
        var a = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("a");
        Assert.False(a.TryGetProperty("b", out _));
        Assert.Equal(2, a.GetProperty("c").GetInt32());
        var events = await emulator.EventsAsync(client, "r", 5);
        Assert.Equal(2, events.Length);
        var data = events[1].GetProperty("data");
        Assert.Equal(2, data.GetProperty("action").GetInt32());
        Assert.Equal("""{"a.b":1}""", data.GetProperty("changeProperties").GetRawText());
        Assert.Equal("cleanup", data.GetProperty("cause").GetProperty("why").GetString());
    }

    [Theory]
    [InlineData("PUT", """{"properties":{}}""")]
    [InlineData("PUT", """{"properties":{"a..b":1}}""")]
    [InlineData("PUT", """{"properties":{"a":1},"cause":"why"}""")]
    [InlineData("PUT", """{"properties":["a"]}""")]
    [InlineData("PUT", "not json")]
    [InlineData("PUT", "")]
    [InlineData("PUT", """{"properties":{"x":"\ud800"}}""")]
    [InlineData("PUT", """{"properties":{"\udc00":1}}""")]
    [InlineData("PUT", """{"properties":{"x":1e400}}""")]
    [InlineData("DELETE", """{"properties":[]}""")]
    [InlineData("DELETE", """{"properties":["flexProps."]}""")]
    [InlineData("DELETE", """{"properties":{"flexProps":1}}""")]
    public async Task RefusesABadPropertyBodyWith400AndChangesNothing(string method, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", "r"), Json.Raw(CloudClass), RunningEmulator.Ct));
        var before = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetRawText();

        var response = await RunningEmulator.SendAsync(client, new HttpMethod(method), emulator.Path("/v2/rooms/{0}/properties", "r"), Json.Raw(body));

        var text = await response.Content.ReadAsStringAsync(RunningEmulator.Ct);
        await Expect.Failure(response, 400, 400);
        Assert.Equal(before, (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetRawText());
        Assert.Empty(await emulator.EventsAsync(client, "r", 5));
        // Agora's words, never the serializer's naming the emulator's own types.
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("Classroom.", text);
    }

    [Theory]
    [InlineData("PUT", """{"properties":{"a":1}}""")]
    [InlineData("DELETE", """{"properties":["a"]}""")]
    public async Task PropertiesOfAnUnknownRoomAre20404100(string method, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await RunningEmulator.SendAsync(emulator.ClientFor(), new HttpMethod(method), emulator.Path("/v2/rooms/{0}/properties", "ghost"), Json.Raw(body));

        await Expect.Failure(response, 404, 20404100);
    }
}
