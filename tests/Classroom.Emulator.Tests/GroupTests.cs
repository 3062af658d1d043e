namespace Classroom.Emulator.Tests;

public sealed class GroupTests
{
    const string TwoGroups = """{"groups":[{"groupUuid":"g1","groupName":"Group 01","users":[{"userUuid":"ann"},{"userUuid":"bob"}]},{"groupName":"Group 02","users":[{"userUuid":"cy"}]}]}""";

    [Fact]
    public async Task OpensGroupsThatShowInTheRoomAndAreAnnounced()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var opened = await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/1", "r"), Json.Raw(TwoGroups), RunningEmulator.Ct);

        await Expect.Success(opened);
        var groups = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("groups");
        Assert.Equal(1, groups.GetProperty("state").GetInt32());
        var details = groups.GetProperty("details").EnumerateObject().ToList();
        Assert.Equal(2, details.Count);
        Assert.Equal("g1", details[0].Name);
        Assert.Equal("Group 01", details[0].Value.GetProperty("groupName").GetString());
        Assert.Equal(["ann", "bob"], details[0].Value.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userUuid").GetString()));
        Assert.False(string.IsNullOrEmpty(details[1].Name));
        Assert.Equal("Group 02", details[1].Value.GetProperty("groupName").GetString());
        var data = Assert.Single(await emulator.EventsAsync(client, "r", 5)).GetProperty("data");
        Assert.Equal(1, data.GetProperty("changeProperties").GetProperty("groups.state").GetInt32());
        Assert.Equal(groups.GetProperty("details").GetRawText(), data.GetProperty("changeProperties").GetProperty("groups.details").GetRawText());
    }

    [Fact]
    public async Task OpeningAgainReplacesTheGroups()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/1", "r"), Json.Raw(TwoGroups), RunningEmulator.Ct));

        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/1", "r"),
            Json.Raw("""{"groups":[{"groupUuid":"g9","users":[{"userUuid":"ann"}]}]}"""), RunningEmulator.Ct));

        var details = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("groups").GetProperty("details");
        Assert.Equal(["g9"], details.EnumerateObject().Select(group => group.Name));
    }

    [Fact]
    public async Task ClosingEmptiesTheGroupsOnceAndTakesNoBody()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/1", "r"), Json.Raw(TwoGroups), RunningEmulator.Ct));

        var closed = await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/0", "r"), null, RunningEmulator.Ct);
        var closedAgain = await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/0", "r"), Json.Raw("not even json"), RunningEmulator.Ct);

        await Expect.Success(closed);
        await Expect.Success(closedAgain);
        var groups = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("groups");
        Assert.Equal(0, groups.GetProperty("state").GetInt32());
        Assert.Empty(groups.GetProperty("details").EnumerateObject());
        var events = await emulator.EventsAsync(client, "r", 5);
        Assert.Equal(2, events.Length);
        Assert.Equal(0, events[1].GetProperty("data").GetProperty("changeProperties").GetProperty("groups.state").GetInt32());
    }

    [Theory]
    [InlineData("2", TwoGroups)]
    [InlineData("open", TwoGroups)]
    [InlineData("1", "")]
    [InlineData("1", """{"groups":[]}""")]
    [InlineData("1", """{"groups":[{"users":[{"userUuid":"ann"}]},{"users":[{"userUuid":"ann"}]}]}""")]
    [InlineData("1", """{"groups":[{"groupUuid":"a/b","users":[]}]}""")]
    public async Task RefusesABadStateOrGroupsWith400AndChangesNothing(string state, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/", "r") + state, Json.Raw(body), RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
        Assert.False((await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").TryGetProperty("groups", out _));
        Assert.Empty(await emulator.EventsAsync(client, "r", 5));
    }

    [Fact]
    public async Task GroupsOfAnUnknownRoomAre20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/1", "ghost"), Json.Raw(TwoGroups), RunningEmulator.Ct);

        await Expect.Failure(response, 404, 20404100);
    }
}
