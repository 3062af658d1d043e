using System.Text.Json;

namespace Classroom.Emulator.Tests;

public sealed class WidgetTests
{
    static readonly HttpMethod Put = HttpMethod.Put, Delete = HttpMethod.Delete;

    static async Task<JsonElement> WidgetsOf(RunningEmulator emulator, HttpClient client, string roomUuid) =>
        (await emulator.QueryRoomAsync(client, roomUuid)).GetProperty("roomProperties").GetProperty("widgets");

    static async Task<bool> HasWidget(RunningEmulator emulator, HttpClient client, string widgetUuid) =>
        (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").TryGetProperty("widgets", out var widgets)
        && widgets.TryGetProperty(widgetUuid, out _);

    static async Task<JsonElement> SequencesOf(RunningEmulator emulator, HttpClient client, string widgetUuid, string query = "") =>
        await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/widgets/{1}/sequences", "r", widgetUuid) + query, RunningEmulator.Ct));

    [Fact]
    public async Task SetsAWidgetThatShowsInTheRoomAndIsAnnounced()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var set = await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "countdown"),
            Json.Raw("""{"extra":{"title":"Break","timer.seconds":300},"state":1,"cause":{"by":"teacher"}}"""));

        await Expect.Success(set);
        var widget = (await WidgetsOf(emulator, client, "r")).GetProperty("countdown");
        Assert.Equal(1, widget.GetProperty("state").GetInt32());
        Assert.Equal("Break", widget.GetProperty("extra").GetProperty("title").GetString());
        Assert.Equal(300, widget.GetProperty("extra").GetProperty("timer").GetProperty("seconds").GetInt32());
        var announced = Assert.Single(await emulator.EventsAsync(client, "r", 1110));
        var data = announced.GetProperty("data");
        Assert.Equal(1, data.GetProperty("action").GetInt32());
        Assert.Equal("countdown", data.GetProperty("widgetUuid").GetString());
        Assert.Equal("""{"extra.title":"Break","extra.timer.seconds":300,"state":1}""", data.GetProperty("changeProperties").GetRawText());
        Assert.Equal("teacher", data.GetProperty("cause").GetProperty("by").GetString());
        var sequences = await SequencesOf(emulator, client, "countdown");
        Assert.Equal(announced.GetRawText(), Assert.Single(sequences.GetProperty("list").EnumerateArray()).GetRawText());
        Assert.Contains(await emulator.PollAsync(client), e => e.GetProperty("cmd").GetInt32() == 1110);
    }

    [Fact]
    public async Task DeletesWidgetExtraKeysAndThenTheWidget()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        var widget = emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "countdown");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, widget, Json.Raw("""{"extra":{"title":"Break","seconds":300,"timer.laps":2},"state":1}""")));

        var extraDeleted = await RunningEmulator.SendAsync(client, Delete, widget + "/extra", Json.Raw("""{"extra":["seconds","missing"]}"""));
        var afterExtra = (await WidgetsOf(emulator, client, "r")).GetProperty("countdown");
        var widgetDeleted = await RunningEmulator.SendAsync(client, Delete, widget, Json.Raw("""{"cause":{"why":"over"}}"""));
        var deletedAgain = await RunningEmulator.SendAsync(client, Delete, widget);

        await Expect.Success(extraDeleted);
        await Expect.Success(widgetDeleted);
        await Expect.Success(deletedAgain);
        Assert.Equal("""{"title":"Break","timer":{"laps":2}}""", afterExtra.GetProperty("extra").GetRawText());
        Assert.False((await WidgetsOf(emulator, client, "r")).TryGetProperty("countdown", out _));
        var events = await emulator.EventsAsync(client, "r", 1110);
        Assert.Equal(3, events.Length);
        Assert.Equal(2, events[1].GetProperty("data").GetProperty("action").GetInt32());
        Assert.Equal("""{"extra.seconds":300}""", events[1].GetProperty("data").GetProperty("changeProperties").GetRawText());
        Assert.Equal(2, events[2].GetProperty("data").GetProperty("action").GetInt32());
        Assert.Equal("over", events[2].GetProperty("data").GetProperty("cause").GetProperty("why").GetString());
        // The deleted widget's properties named as its other events name them.
        Assert.Equal("""{"extra.title":"Break","extra.timer":{"laps":2},"state":1}""", events[2].GetProperty("data").GetProperty("changeProperties").GetRawText());
    }

    /// <summary>
    /// A room property written at a widget's key that holds nothing a widget event could name is no widget: deleting the
    /// widget leaves it, as deleting a missing widget does, instead of taking it out of the room without an event.
    /// </summary>
    [Theory]
    [InlineData("\"junk\"")]
    [InlineData("{}")]
    [InlineData("""{"extra":{}}""")]
    public async Task DeletingAWidgetKeyThatHoldsNoWidgetChangesNothingSilently(string value)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/properties", "r"),
            Json.Raw($$$"""{"properties":{"widgets.countdown":{{{value}}}}}""")));

        var deleted = await RunningEmulator.SendAsync(client, Delete, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "countdown"));

        await Expect.Success(deleted);
        Assert.True((await WidgetsOf(emulator, client, "r")).TryGetProperty("countdown", out var kept), "the value went without an event");
        Assert.Equal(value, kept.GetRawText());
        Assert.Single(await emulator.EventsAsync(client, "r")); // the cmd 5 of the write alone
    }

    [Fact]
    public async Task SetsAndDeletesAUsersPropertiesOfAWidget()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "ann", "Ann", 2);
        var answer = emulator.Path("/v2/rooms/{0}/widgets/{1}/users/{2}", "r", "popupQuiz", "ann");

        await Expect.Success(await RunningEmulator.SendAsync(client, Put, answer,
            Json.Raw("""{"extra":{"selectedItems":["A","C"],"isCorrect":false},"cause":{"action":3}}""")));
        var answered = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann"), RunningEmulator.Ct));
        await Expect.Success(await RunningEmulator.SendAsync(client, Delete, answer, Json.Raw("""{"extra":["isCorrect"]}""")));
        var corrected = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann"), RunningEmulator.Ct));

        Assert.Equal("""{"widgets":{"popupQuiz":{"selectedItems":["A","C"],"isCorrect":false}}}""", answered.GetProperty("userProperties").GetRawText());
        Assert.Equal("""{"widgets":{"popupQuiz":{"selectedItems":["A","C"]}}}""", corrected.GetProperty("userProperties").GetRawText());
        var events = (await SequencesOf(emulator, client, "popupQuiz")).GetProperty("list").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("""{"selectedItems":["A","C"],"isCorrect":false}""", events[0].GetProperty("data").GetProperty("changeProperties").GetRawText());
        Assert.Equal("ann", events[0].GetProperty("data").GetProperty("fromUser").GetProperty("userUuid").GetString());
        Assert.Equal(2, events[1].GetProperty("data").GetProperty("action").GetInt32());
        Assert.False(await HasWidget(emulator, client, "popupQuiz"));
    }

    [Theory]
    [InlineData("PUT", """{"extra":{"a":1}}""")]
    [InlineData("DELETE", """{"extra":["a"]}""")]
    public async Task AStrangersWidgetPropertiesAre20404200(string method, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await RunningEmulator.SendAsync(client, new HttpMethod(method),
            emulator.Path("/v2/rooms/{0}/widgets/{1}/users/{2}", "r", "poll", "nobody"), Json.Raw(body));

        await Expect.Failure(response, 404, 20404200);
        Assert.Empty(await emulator.EventsAsync(client, "r", 1110));
    }

    [Fact]
    public async Task AWidgetGoesWhenItsOwnerGoesOffline()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "bob", "Bob");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "screenShare"),
            Json.Raw("""{"state":1,"ownerUserUuid":"bob"}""")));
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "timer"),
            Json.Raw("""{"state":1}""")));
        emulator.Clock.Advance(TimeSpan.FromMinutes(10));

        var owned = (await WidgetsOf(emulator, client, "r")).GetProperty("screenShare");
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), null, RunningEmulator.Ct));

        Assert.Equal("bob", owned.GetProperty("ownerUserUuid").GetString());
        var widgets = await WidgetsOf(emulator, client, "r");
        Assert.False(widgets.TryGetProperty("screenShare", out _));
        Assert.True(widgets.TryGetProperty("timer", out _));
        var cmds = (await emulator.EventsAsync(client, "r")).Select(e => e.GetProperty("cmd").GetInt32()).ToArray();
        Assert.Equal([20, 1110, 1110, 20, 1110], cmds);
        var removed = (await emulator.EventsAsync(client, "r", 1110))[^1].GetProperty("data");
        Assert.Equal(2, removed.GetProperty("action").GetInt32());
        Assert.Equal("screenShare", removed.GetProperty("widgetUuid").GetString());
    }

    [Fact]
    public async Task AnOwnerWhoIsNotInTheRoomIs20404200()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "screenShare"),
            Json.Raw("""{"state":1,"ownerUserUuid":"nobody"}"""));

        await Expect.Failure(response, 404, 20404200);
        Assert.False(await HasWidget(emulator, client, "screenShare"));
    }

    [Fact]
    public async Task PagesAWidgetsEventsApartFromOtherWidgets()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        for (var i = 0; i < 5; i++)
        {
            await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "popupQuiz"),
                Json.Of(new { extra = new { round = i } })));
            await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "poll"),
                Json.Of(new { extra = new { round = i } })));
        }

        var first = await SequencesOf(emulator, client, "popupQuiz", "?count=2");
        var next = await SequencesOf(emulator, client, "popupQuiz", $"?count=2&nextId={first.GetProperty("nextId").GetInt64()}");
        var polls = await SequencesOf(emulator, client, "poll");

        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("count").GetInt32());
        Assert.Equal([0, 1, 2, 3], first.GetProperty("list").EnumerateArray().Concat(next.GetProperty("list").EnumerateArray())
            .Select(e => e.GetProperty("data").GetProperty("changeProperties").GetProperty("extra.round").GetInt32()));
        Assert.All(first.GetProperty("list").EnumerateArray(), e => Assert.Equal("popupQuiz", e.GetProperty("data").GetProperty("widgetUuid").GetString()));
        Assert.Equal(5, polls.GetProperty("count").GetInt32());
        Assert.All(polls.GetProperty("list").EnumerateArray(), e => Assert.Equal("poll", e.GetProperty("data").GetProperty("widgetUuid").GetString()));
        Assert.Equal(JsonValueKind.Null, polls.GetProperty("nextId").ValueKind);
    }

    [Theory]
    [InlineData("?count=0")]
    [InlineData("?count=101")]
    [InlineData("?count=many")]
    [InlineData("?nextId=-1")]
    [InlineData("?count=010")]
    [InlineData("?nextId=01")]
    public async Task RefusesABadPageWith400(string query)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.GetAsync(emulator.Path("/v2/rooms/{0}/widgets/{1}/sequences", "r", "poll") + query, RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }

    [Theory]
    [InlineData("PUT", "", """{}""")]
    [InlineData("PUT", "", """{"state":5}""")]
    [InlineData("PUT", "", """{"extra":{"a..b":1}}""")]
    [InlineData("PUT", "", """{"extra":[1]}""")]
    [InlineData("DELETE", "", """{"cause":"x"}""")]
    [InlineData("DELETE", "/extra", """{"extra":[]}""")]
    [InlineData("PUT", "/users/ann", """{"extra":{}}""")]
    [InlineData("DELETE", "/users/ann", """{}""")]
    public async Task RefusesABadWidgetBodyWith400AndChangesNothing(string method, string suffix, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "ann");
        var widget = emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "quiz");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, widget, Json.Raw("""{"extra":{"a":1},"state":1}""")));
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, widget + "/users/ann", Json.Raw("""{"extra":{"b":2}}""")));
        var room = (await emulator.QueryRoomAsync(client, "r")).GetRawText();

        var response = await RunningEmulator.SendAsync(client, new HttpMethod(method), widget + suffix, Json.Raw(body));

        await Expect.Failure(response, 400, 400);
        Assert.Equal(room, (await emulator.QueryRoomAsync(client, "r")).GetRawText());
        Assert.Equal(2, (await emulator.EventsAsync(client, "r", 1110)).Length);
    }

    [Fact]
    public async Task RefusesAWidgetIdOutsideAgorasRule()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "r", "a/b"), Json.Raw("""{"state":1}"""));

        Assert.Contains("widgetUuid", await Expect.Failure(response, 400, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WidgetsOfAnUnknownRoomAre20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();

        await Expect.Failure(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/widgets/{1}", "ghost", "w"), Json.Raw("""{"state":1}""")), 404, 20404100);
        await Expect.Failure(await client.GetAsync(emulator.Path("/v2/rooms/{0}/widgets/{1}/sequences", "ghost", "w"), RunningEmulator.Ct), 404, 20404100);
    }
}
