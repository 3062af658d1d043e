using System.Text.Json;

namespace Classroom.Emulator.Tests;

/// <summary>Updating a running web recording, the recording page's ready report, and the retries without it.</summary>
public sealed class RecordingControlTests
{
    static HttpContent Web(object config, int? retryTimeout = null) =>
        Json.Of(new { mode = "web", webRecordConfig = config, retryTimeout });

    static async Task<JsonElement> LastRecord(RunningEmulator emulator, HttpClient client) =>
        (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct))).GetProperty("list").EnumerateArray().Last();

    static async Task<int[]> Reasons(RunningEmulator emulator, HttpClient client) =>
        [.. (await emulator.EventsAsync(client, "r", 1001)).Select(e => e.GetProperty("data").GetProperty("reason").GetInt32())];

    static Task<HttpResponseMessage> Patch(RunningEmulator emulator, HttpClient client, string body, string state = "1") =>
        RunningEmulator.SendAsync(client, HttpMethod.Patch, emulator.Path("/v2/rooms/{0}/records/states/", "r") + state, Json.Raw(body));

    static Task<HttpResponseMessage> Ready(RunningEmulator emulator, HttpClient client) =>
        client.PutAsync(emulator.Path("/v2/rooms/{0}/records/ready", "r"), null, RunningEmulator.Ct);

    [Fact]
    public async Task HoldsAndResumesAWebRecordingAndEachUpdateReplacesTheLast()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record", onhold = true }), RunningEmulator.Ct));

        var held = await LastRecord(emulator, client);
        await Expect.Success(await Patch(emulator, client, """{"webRecordConfig":{"onhold":false}}"""));
        var resumed = await LastRecord(emulator, client);
        var record = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("record");
        await Expect.Success(await Patch(emulator, client, """{"webRecordConfig":{"onhold":true}}"""));
        var heldAgain = await LastRecord(emulator, client);

        Assert.True(held.GetProperty("onhold").GetBoolean());
        Assert.False(resumed.GetProperty("onhold").GetBoolean());
        Assert.True(heldAgain.GetProperty("onhold").GetBoolean());
        Assert.Equal(1, record.GetProperty("state").GetInt32());
        Assert.False(record.GetProperty("onhold").GetBoolean());
        Assert.Equal(resumed.GetProperty("recordId").GetString(), record.GetProperty("recordId").GetString());
        var changes = (await emulator.EventsAsync(client, "r", 5)).Select(e => e.GetProperty("data").GetProperty("changeProperties").GetRawText());
        Assert.Equal(["""{"record.onhold":false}""", """{"record.onhold":true}"""], changes);
    }

    [Fact]
    public async Task UpdatingWithoutARunningWebRecordingIs30409410()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var nothingRuns = await Patch(emulator, client, """{"webRecordConfig":{"onhold":true}}""");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), null, RunningEmulator.Ct));
        var compositeRuns = await Patch(emulator, client, """{"webRecordConfig":{"onhold":true}}""");

        await Expect.Failure(nothingRuns, 409, 30409410);
        await Expect.Failure(compositeRuns, 409, 30409410);
        Assert.False((await LastRecord(emulator, client)).TryGetProperty("onhold", out _));
    }

    [Theory]
    [InlineData("1", """{}""")]
    [InlineData("1", """{"webRecordConfig":{}}""")]
    [InlineData("1", """{"webRecordConfig":{"onhold":"maybe"}}""")]
    [InlineData("1", """{"webRecordConfig":{"onhold":true,"videoFps":100}}""")]
    public async Task RefusesABadUpdateWith400AndChangesNothing(string state, string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record" }), RunningEmulator.Ct));

        var response = await Patch(emulator, client, body, state);

        await Expect.Failure(response, 400, 400);
        Assert.False((await LastRecord(emulator, client)).GetProperty("onhold").GetBoolean());
        Assert.Empty(await emulator.EventsAsync(client, "r", 5));
    }

    /// <summary>Agora's reference has the update at <c>records/states/1</c> alone: any other state names no path of its API.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("01")]
    public async Task UpdatingAtAStateOtherThanOneIsAnUnknownPath(string state)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record" }), RunningEmulator.Ct));

        var response = await Patch(emulator, client, """{"webRecordConfig":{"onhold":true}}""", state);

        await Expect.NoSuchPath(response);
        Assert.False((await LastRecord(emulator, client)).GetProperty("onhold").GetBoolean());
    }

    [Fact]
    public async Task APageReadyInTimeIsRecordedWithoutRetries()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { rootUrl = "https://school.example/record" }, retryTimeout: 60), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromSeconds(59));

        var ready = await Ready(emulator, client);
        var readyAgain = await Ready(emulator, client);
        emulator.Clock.Advance(TimeSpan.FromMinutes(10));

        await Expect.Success(ready);
        await Expect.Success(readyAgain);
        var reasons = await Reasons(emulator, client);
        Assert.Equal([1], reasons);
        var record = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("record");
        Assert.True(record.GetProperty("ready").GetBoolean());
        var changes = Assert.Single(await emulator.EventsAsync(client, "r", 5)).GetProperty("data").GetProperty("changeProperties");
        Assert.True(changes.GetProperty("record.ready").GetBoolean());
        var listed = await LastRecord(emulator, client);
        Assert.Equal(1, listed.GetProperty("status").GetInt32());
        Assert.False(listed.TryGetProperty("unready", out _));
    }

    [Fact]
    public async Task RetriesTwiceWithoutReadyThenGivesUpMarkedUnready()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await emulator.PollAsync(client);
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record" }, retryTimeout: 60), RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromSeconds(59));
        var beforeTimeout = await Reasons(emulator, client);
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var firstRetry = await Reasons(emulator, client);
        emulator.Clock.Advance(TimeSpan.FromSeconds(60));
        var secondRetry = await Reasons(emulator, client);
        emulator.Clock.Advance(TimeSpan.FromSeconds(60));
        var gaveUp = await Reasons(emulator, client);

        Assert.Equal([1], beforeTimeout);
        Assert.Equal([1, 4], firstRetry);
        Assert.Equal([1, 4, 4], secondRetry);
        Assert.Equal([1, 4, 4, 5], gaveUp);
        var record = await LastRecord(emulator, client);
        Assert.Equal(2, record.GetProperty("status").GetInt32());
        Assert.True(record.GetProperty("unready").GetBoolean());
        Assert.Equal(RunningEmulator.Start.AddSeconds(180).ToUnixTimeMilliseconds(), record.GetProperty("endTime").GetInt64());
        Assert.Equal([1, 1, 1, 2], (await emulator.EventsAsync(client, "r", 1001)).Select(e => e.GetProperty("data").GetProperty("state").GetInt32()));
        await Expect.Failure(await Ready(emulator, client), 409, 30409410);
        var polled = (await emulator.PollAsync(client)).Select(e => e.GetProperty("data").GetProperty("reason").GetInt32());
        Assert.Equal([1, 4, 4, 5], polled);
    }

    [Fact]
    public async Task TimeMovedOnPlaysEveryMissedRetryInOrder()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record" }, retryTimeout: 60), RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromHours(1));

        var reasons = await Reasons(emulator, client);
        Assert.Equal([1, 4, 4, 5], reasons);
        Assert.Equal(RunningEmulator.Start.AddSeconds(180).ToUnixTimeMilliseconds(), (await LastRecord(emulator, client)).GetProperty("endTime").GetInt64());
    }

    [Fact]
    public async Task AReadyAfterARetryStartsTheRecordingWithReason3()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record" }, retryTimeout: 30), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromSeconds(45));

        await Expect.Success(await Ready(emulator, client));
        emulator.Clock.Advance(TimeSpan.FromHours(1));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct));

        var reasons = await Reasons(emulator, client);
        Assert.Equal([1, 4, 3, 2], reasons);
        Assert.False((await LastRecord(emulator, client)).TryGetProperty("unready", out _));
    }

    [Fact]
    public async Task WithoutRetryTimeoutNothingWaitsForReady()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/record" }), RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromHours(2));

        var reasons = await Reasons(emulator, client);
        Assert.Equal([1], reasons);
        await Expect.Success(await Ready(emulator, client));
    }

    [Fact]
    public async Task ReadyWithoutARecordingIs30409410AndInAnUnknownRoom20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Expect.Failure(await Ready(emulator, client), 409, 30409410);
        await Expect.Failure(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/ready", "ghost"), null, RunningEmulator.Ct), 404, 20404100);
        await Expect.Failure(await RunningEmulator.SendAsync(client, HttpMethod.Patch, emulator.Path("/v2/rooms/{0}/records/states/1", "ghost"),
            Json.Raw("""{"webRecordConfig":{"onhold":true}}""")), 404, 20404100);
    }

    [Fact]
    public async Task RecordsThePageAtTheRootUrlWithTheRoomsParametersUnlessAUrlIsGiven()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r 1");
        var records = emulator.Path("/v2/rooms/{0}/records", "r 1");

        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r 1"),
            Web(new { rootUrl = "https://school.example/record", publishRtmp = "true" }), RunningEmulator.Ct));
        var record = (await emulator.QueryRoomAsync(client, "r 1")).GetProperty("roomProperties").GetProperty("record");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r 1"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r 1"),
            Web(new { rootUrl = "https://school.example/record", url = "https://school.example/exact" }), RunningEmulator.Ct));

        var list = (await Expect.Success(await client.GetAsync(records, RunningEmulator.Ct))).GetProperty("list");
        var query = list[0].GetProperty("webRecordUrlQuery").GetString()!;
        Assert.Contains("roomUuid=r%201", query, StringComparison.Ordinal);
        Assert.Contains("roomType=4", query, StringComparison.Ordinal);
        Assert.Contains($"appId={emulator.AppId}", query, StringComparison.Ordinal);
        Assert.Contains("roleType=0", query, StringComparison.Ordinal);
        Assert.False(list[1].TryGetProperty("webRecordUrlQuery", out _));
        Assert.StartsWith("rtmp://", record.GetProperty("streamingUrl").GetProperty("rtmp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingWebModeWithNeitherUrlNorRootUrlIs400()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Web(new { onhold = true }), RunningEmulator.Ct);

        Assert.Contains("rootUrl", await Expect.Failure(response, 400, 400), StringComparison.Ordinal);
    }
}
