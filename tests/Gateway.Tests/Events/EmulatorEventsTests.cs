using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>End to end with the emulator as Agora: real calls make the events, two instances share them through Redis.</summary>
public sealed class EmulatorEventsTests
{
    static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

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
            JsonBody("""{"roomName":"Maths","roomType":4,"roomProperties":{"schedule":{"startTime":1700000000000,"duration":3600,"closeDelay":300}}}"""), Json.Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PutAsync("/api/v1/rooms/maths/resources/slides-1",
            JsonBody("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.example/slides.pdf"}"""), Json.Cancel)).StatusCode);
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
}
