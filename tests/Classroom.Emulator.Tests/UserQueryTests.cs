using System.Text.Json;

namespace Classroom.Emulator.Tests;

public sealed class UserQueryTests
{
    static readonly HttpMethod Put = HttpMethod.Put, Delete = HttpMethod.Delete;

    [Fact]
    public async Task QueriesAUserOnlineThenOfflineWithTheSameStream()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "ann", "Ann", "student");
        var path = emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann");

        var online = await Expect.Success(await client.GetAsync(path, RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromSeconds(30));
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "ann"), null, RunningEmulator.Ct));
        var offline = await Expect.Success(await client.GetAsync(path, RunningEmulator.Ct));
        await emulator.EnterAsync(client, "r", "ann", "Ann B.", 2);
        var back = await Expect.Success(await client.GetAsync(path, RunningEmulator.Ct));

        Assert.Equal("ann", online.GetProperty("userUuid").GetString());
        Assert.Equal("Ann", online.GetProperty("userName").GetString());
        Assert.Equal("student", online.GetProperty("role").GetString());
        Assert.True(long.TryParse(online.GetProperty("streamUuid").GetString(), out _));
        Assert.Equal(1, online.GetProperty("state").GetInt32());
        Assert.Equal("{}", online.GetProperty("userProperties").GetRawText());
        Assert.Equal(RunningEmulator.Start.ToUnixTimeMilliseconds(), online.GetProperty("updateTime").GetInt64());
        Assert.Equal(0, offline.GetProperty("state").GetInt32());
        Assert.Equal(RunningEmulator.Start.AddSeconds(30).ToUnixTimeMilliseconds(), offline.GetProperty("updateTime").GetInt64());
        Assert.Equal(1, back.GetProperty("state").GetInt32());
        Assert.Equal(2, back.GetProperty("role").GetInt32());
        Assert.Equal("Ann B.", back.GetProperty("userName").GetString());
        Assert.Equal(online.GetProperty("streamUuid").GetString(), back.GetProperty("streamUuid").GetString());
    }

    [Fact]
    public async Task QueryingAStrangerIs20404200AndAnUnknownRoom20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Expect.Failure(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "nobody"), RunningEmulator.Ct), 404, 20404200);
        await Expect.Failure(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "ghost", "nobody"), RunningEmulator.Ct), 404, 20404100);
    }

    [Fact]
    public async Task SetsAndDeletesNestedUserPropertiesAndAnnouncesWhose()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "ann", "Ann", 2);
        var properties = emulator.Path("/v2/rooms/{0}/users/{1}/properties", "r", "ann");

        var set = await RunningEmulator.SendAsync(client, Put, properties, Json.Raw("""{"properties":{"badge.gold":2,"seat":"A1"},"cause":{"by":"teacher"}}"""));
        var deleted = await RunningEmulator.SendAsync(client, Delete, properties, Json.Raw("""{"properties":["seat"]}"""));

        await Expect.Success(set);
        await Expect.Success(deleted);
        var user = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann"), RunningEmulator.Ct));
        Assert.Equal("""{"badge":{"gold":2}}""", user.GetProperty("userProperties").GetRawText());
        var events = await emulator.EventsAsync(client, "r", 23);
        Assert.Equal(2, events.Length);
        var setData = events[0].GetProperty("data");
        Assert.Equal(1, setData.GetProperty("action").GetInt32());
        Assert.Equal("""{"badge.gold":2,"seat":"A1"}""", setData.GetProperty("changeProperties").GetRawText());
        Assert.Equal("teacher", setData.GetProperty("cause").GetProperty("by").GetString());
        Assert.Equal("ann", setData.GetProperty("fromUser").GetProperty("userUuid").GetString());
        Assert.Equal("Ann", setData.GetProperty("fromUser").GetProperty("userName").GetString());
        Assert.Equal(2, setData.GetProperty("fromUser").GetProperty("role").GetInt32());
        Assert.Equal(2, events[1].GetProperty("data").GetProperty("action").GetInt32());
        Assert.Equal("""{"seat":"A1"}""", events[1].GetProperty("data").GetProperty("changeProperties").GetRawText());
        var polled = await emulator.PollAsync(client);
        Assert.Equal(2, polled.Count(e => e.GetProperty("cmd").GetInt32() == 23));
    }

    [Fact]
    public async Task AnOfflineUserKeepsPropertiesAndMayStillBeGivenThem()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "ann");
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}/users/{1}/exit", "r", "ann"), null, RunningEmulator.Ct));

        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/users/{1}/properties", "r", "ann"),
            Json.Raw("""{"properties":{"grade":"B"}}""")));

        var user = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann"), RunningEmulator.Ct));
        Assert.Equal("B", user.GetProperty("userProperties").GetProperty("grade").GetString());
    }

    [Theory]
    [InlineData("PUT", """{"properties":{"a":1}}""")]
    [InlineData("DELETE", """{"properties":["a"]}""")]
    public async Task PropertiesOfAStrangerAre20404200AndAnnounceNothing(string method, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await RunningEmulator.SendAsync(client, new HttpMethod(method), emulator.Path("/v2/rooms/{0}/users/{1}/properties", "r", "nobody"), Json.Raw(body));

        await Expect.Failure(response, 404, 20404200);
        Assert.Empty(await emulator.EventsAsync(client, "r", 23));
    }

    [Theory]
    [InlineData("PUT", """{"properties":{}}""")]
    [InlineData("PUT", """{"properties":{"a.":1}}""")]
    [InlineData("DELETE", """{"properties":[""]}""")]
    [InlineData("DELETE", """{"cause":{}}""")]
    public async Task RefusesABadUserPropertyBodyWith400AndChangesNothing(string method, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.EnterAsync(client, "r", "ann");
        await Expect.Success(await RunningEmulator.SendAsync(client, Put, emulator.Path("/v2/rooms/{0}/users/{1}/properties", "r", "ann"),
            Json.Raw("""{"properties":{"a":1}}""")));

        var response = await RunningEmulator.SendAsync(client, new HttpMethod(method), emulator.Path("/v2/rooms/{0}/users/{1}/properties", "r", "ann"), Json.Raw(body));

        await Expect.Failure(response, 400, 400);
        var user = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", "ann"), RunningEmulator.Ct));
        Assert.Equal("""{"a":1}""", user.GetProperty("userProperties").GetRawText());
        Assert.Single(await emulator.EventsAsync(client, "r", 23));
    }
}
