namespace Classroom.Emulator.Tests;

public sealed class UserTests
{
    [Fact]
    public async Task EnteringCreatesTheRoomAndAnnouncesTheUser()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor("ann");

        var entered = await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "new-room", "ann"), Json.User("Ann", "student"), RunningEmulator.Ct);

        var data = await Expect.Success(entered);
        Assert.Equal(0, data.GetProperty("room").GetProperty("roomState").GetProperty("state").GetInt32());
        Assert.Equal("student", data.GetProperty("user").GetProperty("role").GetString());
        var events = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "new-room"), RunningEmulator.Ct));
        var users = Assert.Single(events.GetProperty("list").EnumerateArray());
        Assert.Equal(20, users.GetProperty("cmd").GetInt32());
        Assert.Equal(1, users.GetProperty("data").GetProperty("total").GetInt32());
        var online = Assert.Single(users.GetProperty("data").GetProperty("onlineUsers").EnumerateArray());
        Assert.Equal("ann", online.GetProperty("userUuid").GetString());
        Assert.Equal("Ann", online.GetProperty("userName").GetString());
        Assert.Equal(RunningEmulator.Start.ToUnixTimeMilliseconds(), online.GetProperty("updateTime").GetInt64());
        Assert.Equal(0, users.GetProperty("data").GetProperty("offlineUsers").GetArrayLength());
    }

    [Fact]
    public async Task ReadsANumericRoleAndGivesItBackAsANumber()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var entered = await emulator.ClientFor().PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "u"), Json.User("U", 1), RunningEmulator.Ct);

        var data = await Expect.Success(entered);
        Assert.Equal(1, data.GetProperty("user").GetProperty("role").GetInt32());
    }

    /// <summary>Agora writes a role both ways; whichever a user entered with, every answer and event gives it back the same.</summary>
    [Theory]
    [InlineData("\"2\"")]
    [InlineData("\"02\"")]
    [InlineData("2.0")]
    [InlineData("3")]
    public async Task GivesTheRoleBackAsItWasSent(string role)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();

        var entered = await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "u"),
            Json.Raw($$"""{"userName":"U","role":{{role}}}"""), RunningEmulator.Ct));
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "u"), null, RunningEmulator.Ct));

        var queried = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "u"), RunningEmulator.Ct));
        var events = await emulator.EventsAsync(client, "r", cmd: 20);
        Assert.Equal(role, entered.GetProperty("user").GetProperty("role").GetRawText());
        Assert.Equal(role, queried.GetProperty("role").GetRawText());
        Assert.Equal(role, events[0].GetProperty("data").GetProperty("onlineUsers")[0].GetProperty("role").GetRawText());
        Assert.Equal(role, events[1].GetProperty("data").GetProperty("offlineUsers")[0].GetProperty("role").GetRawText());
    }

    [Fact]
    public async Task NobodyEntersAnEndedClass()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));

        var entered = await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "u"), Json.User(), RunningEmulator.Ct);

        await Expect.Failure(entered, 409, 30409101);
    }

    [Fact]
    public async Task KickingAnnouncesTheUserAsKicked()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User("Bob"), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromSeconds(30));

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), null, RunningEmulator.Ct));

        var events = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences?cmd=20", "r"), RunningEmulator.Ct));
        var kicked = events.GetProperty("list")[1];
        Assert.Equal(2, kicked.GetProperty("sequence").GetInt64());
        Assert.Equal(0, kicked.GetProperty("data").GetProperty("total").GetInt32());
        var offline = Assert.Single(kicked.GetProperty("data").GetProperty("offlineUsers").EnumerateArray());
        Assert.Equal("bob", offline.GetProperty("userUuid").GetString());
        Assert.Equal(2, offline.GetProperty("type").GetInt32());
        Assert.Equal(RunningEmulator.Start.AddSeconds(30).ToUnixTimeMilliseconds(), offline.GetProperty("updateTime").GetInt64());
    }

    [Fact]
    public async Task KickingSomeoneNotInTheRoomIs20404200()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "nobody"), Json.Of(new { dirty = new { state = 1, duration = 60 } }), RunningEmulator.Ct);

        await Expect.Failure(response, 404, 20404200);
    }

    [Fact]
    public async Task KickingInAnUnknownRoomIs20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "ghost", "u"), null, RunningEmulator.Ct);

        await Expect.Failure(response, 404, 20404100);
    }

    [Fact]
    public async Task ADirtyKickKeepsTheUserOutUntilTheDurationPasses()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        var enter = () => client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User("Bob"), RunningEmulator.Ct);
        await Expect.Success(await enter());

        var kick = await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), Json.Of(new { dirty = new { state = 1, duration = 600 } }), RunningEmulator.Ct);
        await Expect.Success(kick);

        emulator.Clock.Advance(TimeSpan.FromSeconds(599));
        var message = await Expect.Failure(await enter(), 403, 20403200);
        Assert.Contains(RunningEmulator.Start.AddSeconds(600).ToString("O"), message, StringComparison.Ordinal);
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        await Expect.Success(await enter());
    }

    [Fact]
    public async Task ADirtyKickWithoutDurationKeepsTheUserOutForGood()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        var enter = () => client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User("Bob"), RunningEmulator.Ct);
        await Expect.Success(await enter());

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), Json.Of(new { dirty = new { state = 1 } }), RunningEmulator.Ct));

        Assert.Contains("for good", await Expect.Failure(await enter(), 403, 20403200), StringComparison.Ordinal);
        emulator.Clock.Advance(TimeSpan.FromDays(2 * 365));
        var later = emulator.ClientFor();
        await Expect.Failure(await later.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User("Bob"), RunningEmulator.Ct), 403, 20403200);
        await Expect.Success(await later.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann"), Json.User("Ann"), RunningEmulator.Ct));
    }

    [Fact]
    public async Task ACleanKickLetsTheUserBackAtOnce()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User(), RunningEmulator.Ct));

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), Json.Of(new { dirty = new { state = 0, duration = 600 } }), RunningEmulator.Ct));

        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User(), RunningEmulator.Ct));
    }

    /// <summary>
    /// A field is read by its name as Agora spells it, once: a kick reads <c>dirty</c>, not <c>Dirty</c>, so the gateway
    /// that checked the body and the emulator that carries it out agree on what it asks. <c>Dirty</c> is skipped as unknown,
    /// not refused: Agora's reference says nothing of such a field (the gateway refuses it before forwarding).
    /// </summary>
    [Theory]
    [InlineData("""{"Dirty":{"state":1,"duration":600}}""", true)]
    [InlineData("""{"dirty":{"state":0},"Dirty":{"state":1,"duration":600}}""", true)]
    [InlineData("""{"dirty":{"state":1,"duration":600},"Dirty":{"state":0}}""", false)]
    public async Task AKickReadsItsFieldsByTheirNamesAsAgoraSpellsThem(string body, bool letBackIn)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        var enter = () => client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User("Bob"), RunningEmulator.Ct);
        await Expect.Success(await enter());

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), Json.Raw(body), RunningEmulator.Ct));

        if (letBackIn)
        {
            await Expect.Success(await enter());
        }
        else
        {
            await Expect.Failure(await enter(), 403, 20403200);
        }
    }

    [Fact]
    public async Task RefusesABodyNamingAFieldTwiceWith400()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User(), RunningEmulator.Ct));

        var response = await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"),
            Json.Raw("""{"dirty":{"state":1,"duration":600},"dirty":{"state":0}}"""), RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }

    [Theory]
    [InlineData("""{"dirty":{"state":3,"duration":60}}""")]
    [InlineData("""{"dirty":{"state":1,"duration":31536001}}""")]
    [InlineData("""{"dirty":{"state":1,"duration":-5}}""")]
    public async Task RefusesAnInsaneDirtyStateWith400(string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "bob"), Json.User(), RunningEmulator.Ct));

        var response = await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "bob"), Json.Raw(body), RunningEmulator.Ct);

        Assert.Contains("dirty.", await Expect.Failure(response, 400, 400), StringComparison.Ordinal);
    }
}
