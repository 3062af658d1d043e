using System.Text.Json;

namespace Classroom.Emulator.Tests;

public sealed class RecordingTests
{
    static HttpContent Web(object? config = null) =>
        Json.Of(new { mode = "web", webRecordConfig = config ?? new { url = "https://school.example/class?room=r", videoWidth = 1280, videoHeight = 720 } });

    [Fact]
    public async Task RecordsTheCompositeStreamToAnM3u8Playlist()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Json.Of(new { }), RunningEmulator.Ct));
        var running = (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct))).GetProperty("list")[0];
        emulator.Clock.Advance(TimeSpan.FromMinutes(5));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct));

        var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct));
        Assert.Equal(1, running.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("endTime").ValueKind);
        var record = Assert.Single(page.GetProperty("list").EnumerateArray());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextId").ValueKind);
        Assert.Equal(2, record.GetProperty("status").GetInt32());
        Assert.Equal(2, record.GetProperty("type").GetInt32());
        Assert.Equal("r", record.GetProperty("roomUuid").GetString());
        Assert.Equal(emulator.AppId, record.GetProperty("appId").GetString());
        Assert.Equal(RunningEmulator.Start.ToUnixTimeMilliseconds(), record.GetProperty("startTime").GetInt64());
        Assert.Equal(RunningEmulator.Start.AddMinutes(5).ToUnixTimeMilliseconds(), record.GetProperty("endTime").GetInt64());
        Assert.EndsWith(".m3u8", record.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.False(record.TryGetProperty("recordDetails", out _));
        foreach (var field in new[] { "recordId", "resourceId", "sid", "recordUid" })
        {
            Assert.False(string.IsNullOrEmpty(record.GetProperty(field).GetString()), field);
        }
    }

    [Fact]
    public async Task RecordsTheWebPageToMp4Files()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Web(), RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct));

        var record = (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct))).GetProperty("list")[0];
        var detail = Assert.Single(record.GetProperty("recordDetails").EnumerateArray());
        Assert.EndsWith(".mp4", detail.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.False(record.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task AWebRecordingEndsByItselfAfterMaxRecordingHour()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"),
            Web(new { url = "https://school.example/c", maxRecordingHour = 2 }), RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromHours(3));

        var record = (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct))).GetProperty("list")[0];
        Assert.Equal(2, record.GetProperty("status").GetInt32());
        Assert.Equal(RunningEmulator.Start.AddHours(2).ToUnixTimeMilliseconds(), record.GetProperty("endTime").GetInt64());
        await Expect.Failure(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct), 409, 30409410);
    }

    [Fact]
    public async Task StoppingWhenNothingRecordsIs30409410()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct);

        await Expect.Failure(response, 409, 30409410);
    }

    [Fact]
    public async Task StartingWhileRecordingIs30409411()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), null, RunningEmulator.Ct));

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Web(), RunningEmulator.Ct);

        await Expect.Failure(response, 409, 30409411);
    }

    [Fact]
    public async Task RecordingInAnUnknownRoomIs20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "ghost"), null, RunningEmulator.Ct);

        await Expect.Failure(response, 404, 20404100);
    }

    [Theory]
    [InlineData("""{"mode":"web"}""", "webRecordConfig")]
    [InlineData("""{"mode":"web","webRecordConfig":{"videoFps":15}}""", "webRecordConfig.url")]
    [InlineData("""{"mode":"mixed"}""", "mode")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoBitrate":8001}}""", "webRecordConfig.videoBitrate")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoFps":61}}""", "webRecordConfig.videoFps")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","audioProfile":5}}""", "webRecordConfig.audioProfile")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoWidth":1280,"videoHeight":1280}}""", "webRecordConfig.videoHeight")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoWidth":400}}""", "webRecordConfig.videoWidth")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","maxRecordingHour":721}}""", "webRecordConfig.maxRecordingHour")]
    public async Task RefusesRecordingSettingsOutOfRangeWith400(string body, string field)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Json.Raw(body), RunningEmulator.Ct);

        Assert.Contains(field, await Expect.Failure(response, 400, 400), StringComparison.Ordinal);
        var records = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct));
        Assert.Equal(0, records.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("on")]
    public async Task RefusesARecordingStateOtherThanZeroOrOne(string state)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/", "r") + state, null, RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }

    [Fact]
    public async Task AnnouncesStartAndStopAsEvents1001()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct));

        var events = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences?cmd=1001", "r"), RunningEmulator.Ct));
        var record = (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct))).GetProperty("list")[0];

        var list = events.GetProperty("list");
        Assert.Equal([1, 2], list.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("state").GetInt32()));
        Assert.All(list.EnumerateArray(), e =>
        {
            Assert.Equal(record.GetProperty("recordId").GetString(), e.GetProperty("data").GetProperty("recordId").GetString());
            Assert.Equal(record.GetProperty("sid").GetString(), e.GetProperty("data").GetProperty("sid").GetString());
            Assert.Equal(record.GetProperty("resourceId").GetString(), e.GetProperty("data").GetProperty("resourceId").GetString());
            Assert.Equal(record.GetProperty("startTime").GetInt64(), e.GetProperty("data").GetProperty("startTime").GetInt64());
        });
    }

    /// <summary>An ended class is destroyed an hour later with its events: a recording left running would never be seen to end.</summary>
    [Fact]
    public async Task EndingTheClassEndsItsRecordingAndNoneStartsInAnEndedClass()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Web(), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromMinutes(10));

        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));
        var restarted = await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), Web(), RunningEmulator.Ct);

        var record = Assert.Single((await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r"), RunningEmulator.Ct)))
            .GetProperty("list").EnumerateArray());
        Assert.Equal(2, record.GetProperty("status").GetInt32());
        Assert.Equal(RunningEmulator.Start.AddMinutes(10).ToUnixTimeMilliseconds(), record.GetProperty("endTime").GetInt64());
        var history = await emulator.EventsAsync(client, "r");
        Assert.Equal([1, 1001, 1, 1001], history.Select(e => e.GetProperty("cmd").GetInt32()));
        Assert.Equal(2, history[^1].GetProperty("data").GetProperty("state").GetInt32());
        Assert.Equal(2, history[^1].GetProperty("data").GetProperty("reason").GetInt32());
        Assert.Equal(2, (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("record").GetProperty("state").GetInt32());
        await Expect.Failure(restarted, 409, 30409101);
    }

    [Fact]
    public async Task PagesTheRecordingsAHundredAtATime()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        for (var i = 0; i < 205; i++)
        {
            await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/1", "r"), null, RunningEmulator.Ct));
            await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/records/states/0", "r"), null, RunningEmulator.Ct));
        }

        var seen = new List<string>();
        var counts = new List<int>();
        string? nextId = null;
        do
        {
            var query = nextId is null ? "" : "?nextId=" + Uri.EscapeDataString(nextId);
            var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/records", "r") + query, RunningEmulator.Ct));
            Assert.Equal(205, page.GetProperty("total").GetInt32());
            counts.Add(page.GetProperty("count").GetInt32());
            seen.AddRange(page.GetProperty("list").EnumerateArray().Select(record => record.GetProperty("recordId").GetString()!));
            nextId = page.GetProperty("nextId").GetString();
        }
        while (nextId is not null);

        Assert.Equal([100, 100, 5], counts);
        Assert.Equal(205, seen.Distinct().Count());
    }

    [Fact]
    public async Task RefusesANextIdThatNamesNoRecording()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.GetAsync(emulator.Path("/v2/rooms/{0}/records?nextId=nope", "r"), RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }
}
