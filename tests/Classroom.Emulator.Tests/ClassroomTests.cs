namespace Classroom.Emulator.Tests;

public sealed class ClassroomTests
{
    [Fact]
    public async Task CreatesAClassroomThatStartsAndEnds()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();

        var created = await client.PostAsync(emulator.Path("/v2/rooms/{0}", "math"), Json.Room(), RunningEmulator.Ct);
        await Expect.Success(created);
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "math"), null, RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromMinutes(40));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "math"), null, RunningEmulator.Ct));

        var events = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "math"), RunningEmulator.Ct));
        var list = events.GetProperty("list");
        Assert.Equal(2, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), e => Assert.Equal(1, e.GetProperty("cmd").GetInt32()));
        Assert.Equal(1, list[0].GetProperty("data").GetProperty("state").GetInt32());
        Assert.Equal(2, list[1].GetProperty("data").GetProperty("state").GetInt32());
        Assert.Equal(RunningEmulator.Start.ToUnixTimeMilliseconds(), list[1].GetProperty("data").GetProperty("startTime").GetInt64());
        Assert.Equal([1L, 2L], list.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task CreatingAnExistingRoomAgainChangesNothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "math");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "math"), null, RunningEmulator.Ct));

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", "math"), Json.Room("Other"), RunningEmulator.Ct));

        var again = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "math"), null, RunningEmulator.Ct);
        await Expect.Failure(again, 409, 30409100);
    }

    [Theory]
    [InlineData("""{"roomType":4}""", "roomName")]
    [InlineData("""{"roomName":"r","roomType":3}""", "roomType")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"schedule":{"duration":-1}}}""", "roomProperties.schedule.duration")]
    [InlineData("""{"roomName":"r","roomType":"four"}""", "roomType")]
    [InlineData("""{"roomName":""", "JSON")]
    [InlineData("""{"roomName":"r","roomType":4,"x":{"k":1,"k":2}}""", "x.k")]
    public async Task RefusesABadCreateBodyWith400(string body, string named)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PostAsync(emulator.Path("/v2/rooms/{0}", "r"), Json.Raw(body), RunningEmulator.Ct);

        var message = await Expect.Failure(response, 400, 400);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAnEmptyCreateBody()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PostAsync(emulator.Path("/v2/rooms/{0}", "r"), null, RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }

    [Fact]
    public async Task StartingAStartedClassIs30409100()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct));

        await Expect.Failure(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct), 409, 30409100);
        await Expect.Failure(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/0", "r"), null, RunningEmulator.Ct), 409, 30409100);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ChangingAnEndedClassIs30409101(int state)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/" + state, "r"), null, RunningEmulator.Ct);

        await Expect.Failure(response, 409, 30409101);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("started")]
    public async Task RefusesAStateOutsideZeroToTwo(string state)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/", "r") + state, null, RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }

    [Fact]
    public async Task AnUnknownRoomIs20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();

        await Expect.Failure(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "ghost"), null, RunningEmulator.Ct), 404, 20404100);
        await Expect.Failure(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "ghost"), RunningEmulator.Ct), 404, 20404100);
        await Expect.Failure(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "ghost"), RunningEmulator.Ct), 404, 20404100);
        await Expect.Failure(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "ghost"), RunningEmulator.Ct), 404, 20404100);
    }

    [Fact]
    public async Task DestroysAnEndedRoomOneHourLaterWithItsEvents()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await emulator.CreateRoomAsync(client, "other");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "other"), null, RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromMinutes(59));
        await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "r"), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromMinutes(1));

        await Expect.Failure(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "r"), RunningEmulator.Ct), 404, 20404100);
        await Expect.Failure(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct), 404, 20404100);
        var polled = await Expect.Success(await client.GetAsync(emulator.PollPath, RunningEmulator.Ct));
        var only = Assert.Single(polled.EnumerateArray());
        Assert.Equal("other", only.GetProperty("roomUuid").GetString());
    }

    [Fact]
    public async Task ADestroyedRoomCanBeCreatedAfreshWithItsOwnSequence()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromHours(1));

        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct));

        var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "r"), RunningEmulator.Ct));
        var only = Assert.Single(page.GetProperty("list").EnumerateArray());
        Assert.Equal(1, only.GetProperty("sequence").GetInt64());
        Assert.Equal(1, only.GetProperty("data").GetProperty("state").GetInt32());
    }

    [Theory]
    [InlineData("room 1")]
    [InlineData("a#b?c%d")]
    [InlineData("!$&()+-:;<=.>@[]^_{}|~,")]
    [InlineData("%2F")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789a")]
    public async Task TakesIdsWithEveryAllowedCharacterPercentEncoded(string roomUuid)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, roomUuid);

        var entered = await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", roomUuid, roomUuid), Json.User(), RunningEmulator.Ct);

        var data = await Expect.Success(entered);
        Assert.Equal(roomUuid, data.GetProperty("room").GetProperty("roomInfo").GetProperty("roomUuid").GetString());
        Assert.Equal(roomUuid, data.GetProperty("user").GetProperty("userUuid").GetString());
        var events = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", roomUuid), RunningEmulator.Ct));
        Assert.Equal(roomUuid, events.GetProperty("list")[0].GetProperty("roomUuid").GetString());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("star*")]
    [InlineData("quote\"")]
    [InlineData("é")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab")]
    public async Task RefusesIdsOutsideAgorasRuleWith400(string id)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var room = await client.PostAsync(emulator.Path("/v2/rooms/{0}", id), Json.Room(), RunningEmulator.Ct);
        var user = await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", id), Json.User(), RunningEmulator.Ct);
        var resource = await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", id), Json.Pdf(), RunningEmulator.Ct);

        Assert.Contains("roomUuid", await Expect.Failure(room, 400, 400), StringComparison.Ordinal);
        Assert.Contains("userUuid", await Expect.Failure(user, 400, 400), StringComparison.Ordinal);
        Assert.Contains("resourceUuid", await Expect.Failure(resource, 400, 400), StringComparison.Ordinal);
    }

    /// <summary>
    /// An escape that decodes to no text is no id: not a byte that is no UTF-8 (<c>%FF</c>, <c>%C3</c> alone), nor a
    /// malformed one. Kept as text, <c>q%FFz</c> would name the room that <c>q%25FFz</c> names.
    /// </summary>
    [Theory]
    [InlineData("q%FFz")]
    [InlineData("q%C3z")]
    [InlineData("q%G1")]
    [InlineData("q%4")]
    public async Task RefusesAnIdWhoseEscapesDecodeToNoTextWith400(string raw)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, Uri.UnescapeDataString(raw));

        var room = await client.GetAsync(emulator.Verbatim(emulator.Path("/v2/rooms/" + raw)), RunningEmulator.Ct);
        var user = await client.PutAsync(emulator.Verbatim(emulator.Path("/v2/rooms/r/users/" + raw)), Json.User(), RunningEmulator.Ct);

        Assert.Contains("roomUuid", await Expect.Failure(room, 400, 400), StringComparison.Ordinal);
        Assert.Contains("userUuid", await Expect.Failure(user, 400, 400), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/./rooms/{0}")]
    [InlineData("/v2/x/../rooms/{0}")]
    [InlineData("/v2/rooms/x/%2E%2e/{0}/%2E")]
    public async Task ReadsIdsAsWithoutTheDotSegmentsOfThePath(string template)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "a%2Fb");

        var allowed = await client.GetAsync(emulator.Verbatim(emulator.Path(template, "a%2Fb")), RunningEmulator.Ct);
        var refused = await client.GetAsync(emulator.Verbatim(emulator.Path(template, "a/b")), RunningEmulator.Ct);

        Assert.Equal("a%2Fb", (await Expect.Success(allowed)).GetProperty("roomUuid").GetString());
        Assert.Contains("roomUuid", await Expect.Failure(refused, 400, 400), StringComparison.Ordinal);
    }

    /// <summary>
    /// An id holding <c>;</c> travels escaped (<c>%3B</c>); a raw <c>;</c> opens the segment's parameters, which a
    /// server reading path parameters (a servlet container, Spring) drops: <c>r1;x</c> names the room <c>r1</c>, so a
    /// client that sends an id's <c>;</c> unescaped reaches another room, here as at such a server.
    /// </summary>
    [Fact]
    public async Task ARawSemicolonEndsTheIdAndItsEscapeIsPartOfIt()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r1");
        await emulator.CreateRoomAsync(client, "r1;x");

        var raw = await client.PutAsync(emulator.Verbatim(emulator.Path("/v2/rooms/r1;x/users/u;1")), Json.User(), RunningEmulator.Ct);
        var escaped = await client.GetAsync(emulator.Verbatim(emulator.Path("/v2/rooms/r1%3Bx/users/u%3B1")), RunningEmulator.Ct);
        var dotted = await client.GetAsync(emulator.Verbatim(emulator.Path("/v2/rooms/..;x/users/u")), RunningEmulator.Ct);

        var entered = await Expect.Success(raw);
        Assert.Equal("r1", entered.GetProperty("room").GetProperty("roomInfo").GetProperty("roomUuid").GetString());
        Assert.Equal("u", entered.GetProperty("user").GetProperty("userUuid").GetString());
        await Expect.Failure(escaped, 404, 20404200);
        Assert.Equal("u", (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r1", "u"), RunningEmulator.Ct)))
            .GetProperty("userUuid").GetString());
        Assert.Contains("roomUuid", await Expect.Failure(dotted, 400, 400), StringComparison.Ordinal);
    }
}
