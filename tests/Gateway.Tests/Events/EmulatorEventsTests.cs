using System.Net;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>End to end with the emulator as Agora: real calls make the events, two instances share them through Redis.</summary>
public sealed class EmulatorEventsTests
{
    [Theory]
    [InlineData(UpstreamCredential.App)]
    [InlineData(UpstreamCredential.Caller)]
    public async Task ChangesMadeThroughOneInstanceReachAMembersStreamOnTheOtherAndTheLogHoldsEachOnce(UpstreamCredential credential)
    {
        await using var redis = await RedisServer.StartAsync();
        var (sandbox, peer) = await SandboxPair.StartAsync(EventTestSettings.Polling(redis.Configuration, [UpstreamCredentialAssert.SettingFor(credential)]));
        await using var a = sandbox;
        await using var b = peer;
        using var teacherOnA = a.CreateClient(TestJwt.Teacher("maths").Sign());
        using var studentOnB = b.CreateClient(TestJwt.Student("maths").Sign());
        using var adminOnB = b.CreateClient(TestJwt.Admin().Sign());
        await b.WaitUntilStreamsOpenAsync();
        await using var stream = await SseReader.OpenAsync(studentOnB, "/api/v1/rooms/maths/events/stream");

        Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PostAsync("/api/v1/rooms/maths",
            Json.Body("""{"roomName":"Maths","roomType":4,"roomProperties":{"schedule":{"startTime":1700000000000,"duration":3600,"closeDelay":300}}}"""), Json.Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PutAsync("/api/v1/rooms/maths/resources/slides-1",
            Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.example/slides.pdf"}"""), Json.Cancel)).StatusCode);
        var classStarted = await stream.ReadEventAsync();
        var resourcesChanged = await stream.ReadEventAsync();

        var history = await (await teacherOnA.GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).ReadJson();
        var expected = history.GetProperty("data").GetProperty("list").EnumerateArray().Select(EventLogClient.ToEntry).ToList();
        var log = await adminOnB.WaitForLogAsync(expected.Count);

        Assert.Equal("1", classStarted.Event);
        Assert.Equal(1, JsonDocument.Parse(classStarted.Data!).RootElement.GetProperty("data").GetProperty("state").GetInt32());
        Assert.Equal("1003", resourcesChanged.Event);
        Assert.Equal("slides-1", JsonDocument.Parse(resourcesChanged.Data!).RootElement
            .GetProperty("data").GetProperty("resources")[0].GetProperty("resourceUuid").GetString());
        Assert.Equal(expected, log.Where(e => e.RoomUuid == "maths"));
        Assert.Equal(log.Count, log.Distinct().Count());
    }

    /// <summary>
    /// A room property as deep as a body may be (64 levels) comes back from Agora deeper, inside its event and the poll's
    /// envelope: the poller still logs the batch it took off Agora's once-only queue, with the other room's events in it,
    /// and the stream and the log hand the property out as it was set.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APropertyAsDeepAsABodyMayBeIsLoggedAndStreamedWithTheRestOfItsBatch(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(EventTestSettings.Polling(redis?.Configuration).ToDictionary(s => s.Key, s => s.Value));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var artTeacher = gateway.CreateClient(TestJwt.Teacher("art").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        await using var stream = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream");
        // {"properties":{"deep":[[…]]}}: the body's object, the properties' and 62 arrays.
        var deep = string.Concat(Enumerable.Repeat("[", 62)) + "7" + string.Concat(Enumerable.Repeat("]", 62));

        var writes = new[]
        {
            await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel),
            await artTeacher.PostAsync("/api/v1/rooms/art", Json.Body("""{"roomName":"Art","roomType":4}"""), Json.Cancel),
            await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel),
            await artTeacher.PutAsync("/api/v1/rooms/art/states/1", null, Json.Cancel),
            await teacher.PutAsync("/api/v1/rooms/maths/properties", Json.Body("{\"properties\":{\"deep\":" + deep + "}}"), Json.Cancel),
            await artTeacher.PutAsync("/api/v1/rooms/art/states/2", null, Json.Cancel),
        };
        var expected = new List<EventLogClient.Entry>();
        foreach (var (client, room) in new[] { (teacher, "maths"), (artTeacher, "art") })
        {
            var history = await (await client.GetAsync($"/api/v1/rooms/{room}/sequences", Json.Cancel)).ReadJson();
            expected.AddRange(history.GetProperty("data").GetProperty("list").EnumerateArray().Select(EventLogClient.ToEntry));
        }
        var log = await admin.WaitForLogAsync(expected.Count);
        var started = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        var propertySet = await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);

        Assert.All(writes, write => Assert.Equal(HttpStatusCode.OK, write.StatusCode));
        Assert.Equal(expected.OrderBy(e => (e.RoomUuid, e.Sequence)), log.OrderBy(e => (e.RoomUuid, e.Sequence)));
        Assert.Equal("1", started.Event);
        var streamed = JsonDocument.Parse(propertySet.Data!, new JsonDocumentOptions { MaxDepth = 128 }).RootElement;
        Assert.Equal(JsonDocument.Parse(deep).RootElement.GetRawText(), streamed.GetProperty("data").GetProperty("changeProperties").GetProperty("deep").GetRawText());
    }

    /// <summary>
    /// Nine room properties of a body's 1 MiB each, deleted in one call: Agora's event of the deletion carries every value
    /// it removed, 9 MiB. The poller logs it with its data null and a warning, as it does every event whose data is past
    /// what it keeps of a batch, and every other event of the room and of another room is logged: read whole, the answer
    /// holding it failed the poll after Agora had handed its batch out, and every event in it was lost.
    /// </summary>
    [Fact]
    public async Task ADeletionOfPropertiesLargerThanTheGatewayKeepsIsLoggedWithTheRest()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(EventTestSettings.Polling().ToDictionary(s => s.Key, s => s.Value)) { Logs = logs };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var artTeacher = gateway.CreateClient(TestJwt.Teacher("art").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var keys = Enumerable.Range(0, 9).Select(i => $"slide{i}").ToList();

        var writes = new List<HttpResponseMessage>
        {
            await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel),
            await artTeacher.PostAsync("/api/v1/rooms/art", Json.Body("""{"roomName":"Art","roomType":4}"""), Json.Cancel),
        };
        foreach (var key in keys)
        {
            writes.Add(await teacher.PutAsync("/api/v1/rooms/maths/properties",
                Json.Body(JsonSerializer.Serialize(new { properties = new Dictionary<string, string> { [key] = new('x', 1024 * 1024 - 100) } })), Json.Cancel));
        }
        writes.Add(await teacher.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/maths/properties")
        {
            Content = Json.Body(JsonSerializer.Serialize(new { properties = keys })),
        }, Json.Cancel));
        writes.Add(await artTeacher.PutAsync("/api/v1/rooms/art/states/1", null, Json.Cancel));
        var sequences = new Dictionary<string, int>();
        foreach (var (client, room) in new[] { (teacher, "maths"), (artTeacher, "art") })
        {
            var history = await (await client.GetAsync($"/api/v1/rooms/{room}/sequences", Json.Cancel)).ReadJson();
            sequences[room] = history.GetProperty("data").GetProperty("list").GetArrayLength();
        }
        var log = await admin.WaitForLogAsync(sequences.Values.Sum());

        Assert.All(writes, write => Assert.Equal(HttpStatusCode.OK, write.StatusCode));
        foreach (var (room, count) in sequences)
        {
            Assert.Equal(Enumerable.Range(1, count).Select(n => (long)n), log.Where(e => e.RoomUuid == room).Select(e => e.Sequence).Order());
        }
        var deletion = log.Single(e => e.RoomUuid == "maths" && e.Sequence == sequences["maths"]);
        Assert.Equal((5, "null"), (deletion.Cmd, deletion.Data));
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains($"room maths, cmd 5, sequence {sequences["maths"]}", StringComparison.Ordinal));
    }
}
