using System.Net;
using Classroom.Agora;
using Gateway.Configuration;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;
using StackExchange.Redis;

namespace Gateway.Tests.Audit;

/// <summary>A whole class through two instances sharing a real Redis (one server, or a cluster), then its audit trail, read from either.</summary>
public sealed class ScriptedClassAuditTests
{

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task TheTrailOfAClassHoldsExactlyItsWritesWithTheirActorsOnEveryInstanceAndNothingSecret(string shape)
    {
        await using var redis = await RedisDeployments.StartAsync(shape);
        var (a, b) = await SandboxPair.StartAsync(redis);
        await using var sandbox = a;
        await using var peer = b;
        var jwts = new[] { TestJwt.Teacher("maths").Sign(), TestJwt.Student("maths").Sign(), TestJwt.Admin().Sign() };
        using var teacherOnA = a.CreateClient(jwts[0]);
        using var teacherOnB = b.CreateClient(jwts[0]);
        using var studentOnB = b.CreateClient(jwts[1]);
        using var adminOnA = a.CreateClient(jwts[2]);
        using var adminOnB = b.CreateClient(jwts[2]);

        var answers = new List<HttpResponseMessage>
        {
            await teacherOnA.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel),
            await teacherOnA.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
            await studentOnB.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
            await adminOnA.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
            await teacherOnB.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel),
        };
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "maths", "student-1", 2);
        answers.Add(await teacherOnA.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel));
        answers.Add(await teacherOnB.PutAsync("/api/v1/rooms/maths/resources/slides",
            Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.school.example/slides.pdf"}"""), Json.Cancel));
        answers.Add(await teacherOnA.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/rooms/maths/resources") { Content = Json.Body("""{"resourceUuid":["slides"]}""") }, Json.Cancel));
        answers.Add(await teacherOnB.PutAsync("/api/v1/rooms/maths/records/states/1", null, Json.Cancel));
        answers.Add(await teacherOnA.PutAsync("/api/v1/rooms/maths/states/2", null, Json.Cancel));

        var onA = await adminOnA.WaitForAuditAsync(10);
        var onB = await adminOnB.WaitForAuditAsync(10);

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        (string Action, string Actor)[] expected =
        [
            ("CreateRoom", "teacher-1"), ("JoinRoom", "teacher-1"), ("JoinRoom", "student-1"), ("JoinRoom", "admin-1"),
            ("SetClassState", "teacher-1"), ("KickUser", "teacher-1"), ("UploadResource", "teacher-1"), ("DeleteResources", "teacher-1"),
            ("SetRecordingState", "teacher-1"), ("SetClassState", "teacher-1"),
        ];
        // Each instance writes its own entries behind its calls, so the trail holds them in the order they were written.
        Assert.Equal(expected.Order(), onA.Select(e => (e.Action(), e.Actor())).Order());
        Assert.Equal(onA.Select(e => e.GetRawText()), onB.Select(e => e.GetRawText()));
        Assert.All(onA, e => Assert.Equal("maths", e.GetProperty("roomUuid").GetString()));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var stored = await connection.GetDatabase().StreamRangeAsync(SandboxKeys.AuditLog);
        var raw = string.Join("\n", stored.SelectMany(entry => entry.Values.Select(v => $"{v.Name}={v.Value}")));
        Assert.Equal(10, stored.Length);
        foreach (var secret in jwts.Concat([AgoraSandbox.AppCertificate, SandboxMode.SigningKey, "007eJ", "007eA", "eyJ", "Bearer", "agora token"]))
        {
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
        }
    }
}
