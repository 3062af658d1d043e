using System.Net;
using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Topologies;

/// <summary>
/// The gateways of two Agora app ids (a school's production app and its staging app) pointed at one redis-server: each
/// keeps its own event log, poller lease, audit trail and stream tickets there, as if the other were not.
/// </summary>
public sealed class TwoAppsOneRedisTests
{
    const string OtherAppId = "0ddba11c0ffee0ddba11c0ffee0ddba1";

    /// <summary>One app's sandbox gateway (its own emulator is its Agora), its class "maths" and the users of it.</summary>
    sealed record App(GatewayFactory Gateway, string Teacher, string Student, string Slides)
    {
        public HttpClient TeacherClient { get; } = Gateway.CreateClient(new TestJwt { Subject = Teacher, Roles = "teacher", Rooms = "maths" }.Sign());
        public HttpClient StudentClient { get; } = Gateway.CreateClient(new TestJwt { Subject = Student, Roles = "student", Rooms = "maths" }.Sign());
        public HttpClient Admin { get; } = Gateway.CreateClient(TestJwt.Admin().Sign());
    }

    [Fact]
    public async Task GatewaysOfTwoAppIdsOnOneRedisEachPollAndKeepTheirEventsAuditAndTicketsApart()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = EventTestSettings.Polling(redis.Configuration).ToDictionary(s => s.Key, s => s.Value);
        await using var first = new GatewayFactory(settings);
        await using var second = new GatewayFactory(new Dictionary<string, string?>(settings) { ["Agora:AppId"] = OtherAppId });
        App[] apps = [new(first, "teacher-1", "student-1", "Production slides"), new(second, "teacher-2", "student-2", "Staging slides")];
        foreach (var app in apps)
        {
            app.Gateway.StartServer();
            await GatewayCluster.WaitUntilRedisAnswers(app.Gateway);
            await app.Gateway.WaitUntilStreamsOpenAsync();
        }

        // The same room in both apps, a stream of it open on each, and a resource uploaded to each.
        var streams = new List<SseReader>();
        foreach (var app in apps)
        {
            var created = await app.TeacherClient.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            streams.Add(await SseReader.OpenAsync(app.StudentClient, "/api/v1/rooms/maths/events/stream"));
        }
        foreach (var app in apps)
        {
            var uploaded = await app.TeacherClient.PutAsync("/api/v1/rooms/maths/resources/slides",
                Json.Body($$"""{"resourceName":"{{app.Slides}}","size":2048,"ext":"pdf","url":"https://files.school.example/slides.pdf"}"""), Json.Cancel);
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        }

        // Each app's poller polls its own Agora: its log is its room's history, and no more.
        foreach (var app in apps)
        {
            var history = await (await app.TeacherClient.GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).ReadJson();
            var expected = history.GetProperty("data").GetProperty("list").EnumerateArray().Select(EventLogClient.ToEntry).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await app.Admin.WaitForLogAsync(expected.Count));
        }
        for (var i = 0; i < apps.Length; i++)
        {
            await using var stream = streams[i];
            var seen = new List<string>();
            while (!seen.Any(data => data.Contains(apps[i].Slides, StringComparison.Ordinal)))
            {
                seen.Add((await stream.ReadEventAsync().WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel)).Data!);
            }
            Assert.DoesNotContain(seen, data => data.Contains(apps[1 - i].Slides, StringComparison.Ordinal));
        }

        // Each app's admin reads its own trail: its teacher's join and upload, nothing of the other app's users.
        foreach (var app in apps)
        {
            await Poll.Until(async () => (await app.Admin.ReadAuditAsync("?limit=1000")).List.Count(e => e.Actor() == app.Teacher),
                count => count >= 2, TimeSpan.FromMinutes(1));
        }
        for (var i = 0; i < apps.Length; i++)
        {
            var trail = (await apps[i].Admin.ReadAuditAsync("?limit=1000")).List;
            Assert.Equal(2, trail.Count(e => e.Actor() == apps[i].Teacher));
            Assert.DoesNotContain(trail, e => e.Actor() == apps[1 - i].Teacher || e.Actor() == apps[1 - i].Student);
        }

        // A ticket of the first app's gateway opens nothing at the second's, and is still good at its own.
        var ticket = (await (await apps[0].StudentClient.PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel)).ReadJson())
            .GetProperty("data").GetProperty("ticket").GetString();
        using (var elsewhere = await second.CreateClient().GetAsync($"/api/v1/rooms/maths/events/stream?ticket={ticket}",
            HttpCompletionOption.ResponseHeadersRead, Json.Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        }
        await using var own = await SseReader.OpenAsync(first.CreateClient(), $"/api/v1/rooms/maths/events/stream?ticket={ticket}");
        Assert.Equal(HttpStatusCode.OK, own.Response.StatusCode);
    }
}
