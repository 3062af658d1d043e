using System.Text.Json;

namespace Classroom.Emulator.Tests;

public sealed class ResourceTests
{
    [Fact]
    public async Task ListsAnUploadedResourceWithItsFields()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var upload = await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", "sheet 1"),
            Json.Of(new { resourceName = "Grades", size = 2048, ext = "xlsx", url = "https://files.example/grades.xlsx" }), RunningEmulator.Ct);
        await Expect.Success(upload);

        var list = await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct));
        var resource = Assert.Single(list.EnumerateArray());
        Assert.Equal("sheet 1", resource.GetProperty("resourceUuid").GetString());
        Assert.Equal("Grades", resource.GetProperty("resourceName").GetString());
        Assert.Equal("xlsx", resource.GetProperty("ext").GetString());
        Assert.Equal(2048, resource.GetProperty("size").GetInt64());
        Assert.Equal("https://files.example/grades.xlsx", resource.GetProperty("url").GetString());
        Assert.Equal(RunningEmulator.Start.ToUnixTimeMilliseconds(), resource.GetProperty("updateTime").GetInt64());
        Assert.False(resource.GetProperty("convert").GetBoolean());
        Assert.False(resource.TryGetProperty("taskProgress", out _));
    }

    /// <summary>Agora's reference requires a resource's size, extension and URL; its name may be left out.</summary>
    [Fact]
    public async Task AResourceUploadedWithoutANameIsListedWithoutOne()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Expect.Success(await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", "notes"),
            Json.Of(new { size = 10, ext = "pdf", url = "https://files.example/notes.pdf" }), RunningEmulator.Ct));

        var list = await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct));
        var resource = Assert.Single(list.EnumerateArray());
        Assert.Equal("notes", resource.GetProperty("resourceUuid").GetString());
        Assert.False(resource.TryGetProperty("resourceName", out var name) && name.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task ConversionProgressAdvancesWithTime()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", "pdf-1"), Json.Pdf(size: 250_000), RunningEmulator.Ct));

        async Task<JsonElement> Progress() =>
            (await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct)))[0].GetProperty("taskProgress");

        var extracting = await Progress();
        emulator.Clock.Advance(TimeSpan.FromSeconds(3));
        var halfway = await Progress();
        emulator.Clock.Advance(TimeSpan.FromSeconds(10));
        var done = await Progress();

        Assert.Equal(3, extracting.GetProperty("totalPageSize").GetInt32());
        Assert.Equal(0, extracting.GetProperty("convertedPageSize").GetInt32());
        Assert.Equal("Extracting", extracting.GetProperty("currentStep").GetString());
        Assert.Equal(1, halfway.GetProperty("convertedPageSize").GetInt32());
        Assert.Equal(33, halfway.GetProperty("convertedPercentage").GetInt32());
        Assert.Equal(1, halfway.GetProperty("convertedFileList").GetArrayLength());
        Assert.Equal(3, done.GetProperty("convertedPageSize").GetInt32());
        Assert.Equal(100, done.GetProperty("convertedPercentage").GetInt32());
        var page = done.GetProperty("convertedFileList")[2];
        Assert.Equal("3", page.GetProperty("name").GetString());
        Assert.EndsWith("/3.webp", page.GetProperty("ppt").GetProperty("src").GetString(), StringComparison.Ordinal);
        Assert.Equal(960, page.GetProperty("ppt").GetProperty("width").GetInt32());
    }

    /// <summary>About a page per 100 kB, at least one and at most 200, up to the largest size a body can state.</summary>
    [Theory]
    [InlineData(1L, 1)]
    [InlineData(100_000L, 1)]
    [InlineData(100_001L, 2)]
    [InlineData(20_000_000L, 200)]
    [InlineData(long.MaxValue - 50_000, 200)]
    [InlineData(long.MaxValue, 200)]
    public async Task AConversionCountsAPagePerHundredKilobytesUpToTwoHundred(long size, int pages)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", "pdf-1"), Json.Pdf(size: size), RunningEmulator.Ct));

        var list = await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct));

        Assert.Equal(pages, list[0].GetProperty("taskProgress").GetProperty("totalPageSize").GetInt32());
    }

    [Fact]
    public async Task ADynamicConversionWithPreviewListsPreviews()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", "deck"), Json.Of(new
        {
            resourceName = "Deck",
            size = 1000,
            ext = "pptx",
            url = "https://files.example/deck.pptx",
            conversion = new { type = "dynamic", preview = true },
        }), RunningEmulator.Ct));
        emulator.Clock.Advance(TimeSpan.FromMinutes(1));

        var resource = (await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct)))[0];

        Assert.True(resource.GetProperty("convert").GetBoolean());
        Assert.False(string.IsNullOrEmpty(resource.GetProperty("taskUuid").GetString()));
        Assert.False(string.IsNullOrEmpty(resource.GetProperty("taskToken").GetString()));
        var page = resource.GetProperty("taskProgress").GetProperty("convertedFileList")[0].GetProperty("ppt");
        Assert.EndsWith("/preview/1.png", page.GetProperty("preview").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceName":"a","ext":"pdf","url":"https://f.example/a"}""", "size")]
    [InlineData("""{"resourceName":"a","size":1,"url":"https://f.example/a"}""", "ext")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"mp4","url":"https://f.example/a"}""", "ext")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf"}""", "url")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pptx","url":"https://f.example/a","conversion":{"type":"static"}}""", "conversion.type")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a","conversion":{"type":"dynamic"}}""", "conversion.type")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a","conversion":{"type":"static","preview":true}}""", "conversion.preview")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a","conversion":{"type":"static","scale":3.5}}""", "conversion.scale")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pptx","url":"https://f.example/a","conversion":{"type":"dynamic","scale":1.2}}""", "conversion.scale")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a","conversion":{"type":"static","outputFormat":"bmp"}}""", "conversion.outputFormat")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pptx","url":"https://f.example/a","conversion":{"type":"dynamic","outputFormat":"png"}}""", "conversion.outputFormat")]
    [InlineData("""{"resourceName":"0123456789012345678901234567890123456789012345678901234567890123","size":1,"ext":"pdf","url":"https://f.example/a"}""", "resourceName")]
    public async Task RefusesAnUploadBreakingAgorasRulesWith400(string body, string field)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", "x"), Json.Raw(body), RunningEmulator.Ct);

        Assert.Contains(field, await Expect.Failure(response, 400, 400), StringComparison.Ordinal);
        Assert.Equal(0, (await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct))).GetArrayLength());
    }

    [Fact]
    public async Task UploadingToAnUnknownRoomIs20404100()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "ghost", "x"), Json.Pdf(), RunningEmulator.Ct);

        await Expect.Failure(response, 404, 20404100);
    }

    [Fact]
    public async Task DeletesSeveralResourcesAtOnceAndAnnouncesIt()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        foreach (var id in new[] { "a", "b#2", "c" })
        {
            await Expect.Success(await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", id), Json.Pdf(), RunningEmulator.Ct));
        }

        var delete = new HttpRequestMessage(HttpMethod.Delete, emulator.Path("/v1/rooms/{0}/resources", "r"))
        {
            Content = Json.Of(new { resourceUuid = new[] { "a", "b#2", "never-there" } }),
        };
        await Expect.Success(await client.SendAsync(delete, RunningEmulator.Ct));

        var list = await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct));
        Assert.Equal(["c"], list.EnumerateArray().Select(r => r.GetProperty("resourceUuid").GetString()));
        var events = (await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences?cmd=1003", "r"), RunningEmulator.Ct))).GetProperty("list");
        Assert.Equal(4, events.GetArrayLength());
        Assert.Equal([1, 1, 1, 2], events.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("action").GetInt32()));
        Assert.Equal(["a", "b#2"], events[3].GetProperty("data").GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("resourceUuid").GetString()));
    }

    [Theory]
    [InlineData("""{"resourceUuid":[]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"resourceUuid":["ok","not/ok"]}""")]
    public async Task RefusesADeleteWithoutValidIdsWith400(string body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var delete = new HttpRequestMessage(HttpMethod.Delete, emulator.Path("/v1/rooms/{0}/resources", "r")) { Content = Json.Raw(body) };

        Assert.Contains("resourceUuid", await Expect.Failure(await client.SendAsync(delete, RunningEmulator.Ct), 400, 400), StringComparison.Ordinal);
    }
}
