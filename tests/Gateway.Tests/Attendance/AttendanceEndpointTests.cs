using Classroom.Agora.Models;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Attendance;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Attendance;

/// <summary>
/// <c>GET /api/v1/rooms/{roomUuid}/attendance</c> over HTTP: events put in the gateway's log (in process, or a real
/// redis-server shared by instances), a clock the test sets, and the policy of who may read it.
/// </summary>
public sealed class AttendanceEndpointTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Now = Start.AddMinutes(45);

    static RoomEvents Lesson(string room = "room-1") => new RoomEvents(room, Start)
        .Entered("teacher-1", "Ms Rivera", 1, TimeSpan.FromMinutes(-2))
        .ClassStarted()
        .Entered("student-7", "Sam, \"the\" Lee", 2, TimeSpan.FromSeconds(250))
        .Kicked("student-7", "Sam, \"the\" Lee", 2, TimeSpan.FromMinutes(30));

    static GatewayFactory Gateway(string? redis = null) =>
        new(new Dictionary<string, string?> { ["Redis:Configuration"] = redis }) { Clock = new FakeTimeProvider(Now) };

    /// <summary>Appends to the log as the poller does, under the poller's lease.</summary>
    static async Task Log(GatewayFactory gateway, IReadOnlyList<LoggedEvent> events)
    {
        var fence = await gateway.Services.GetRequiredService<IPollerLease>().TryHoldAsync(null, Json.Cancel);
        Assert.True(await gateway.Services.GetRequiredService<IEventLog>().AppendAsync([.. events.Select(e => e.Event)], fence!, Json.Cancel));
    }

    static async Task<JsonElement> Attendance(HttpClient client, string room = "room-1")
    {
        var response = await client.GetAsync($"/api/v1/rooms/{room}/attendance", Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJson()).GetProperty("data");
    }

    [Fact]
    public async Task AnswersEachUsersStaysMinutesLatenessAndKickFromTheLog()
    {
        await using var gateway = Gateway();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await Log(gateway, [.. Lesson().Events, .. Lesson("room-2").Events.Skip(2)]);

        var data = await Attendance(teacher);

        Assert.Equal("room-1", data.GetProperty("roomUuid").GetString());
        Assert.Equal(Start, data.GetProperty("classStartedAt").GetDateTimeOffset());
        var users = data.GetProperty("list").EnumerateArray().ToList();
        Assert.Equal(["teacher-1", "student-7"], users.Select(u => u.GetProperty("userUuid").GetString()));
        var student = users[1];
        Assert.Equal("Sam, \"the\" Lee", student.GetProperty("userName").GetString());
        Assert.Equal("2", student.GetProperty("role").GetString());
        Assert.Equal(Start.AddSeconds(250), student.GetProperty("intervals")[0].GetProperty("entered").GetDateTimeOffset());
        Assert.Equal(Start.AddMinutes(30), student.GetProperty("intervals")[0].GetProperty("left").GetDateTimeOffset());
        Assert.Equal(25.8, student.GetProperty("minutesPresent").GetDouble());
        Assert.Equal(250, student.GetProperty("firstEntryAfterStartSeconds").GetInt64());
        Assert.True(student.GetProperty("kicked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, users[0].GetProperty("intervals")[0].GetProperty("left").ValueKind);
        Assert.Equal(47, users[0].GetProperty("minutesPresent").GetDouble());
        Assert.False(users[0].GetProperty("kicked").GetBoolean());
    }

    /// <summary>
    /// Agora's class end carries no time: a stay still open then ends when the log took the end (Redis's clock, or the
    /// instance's in process), and a day later counts no more than it did.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AStayStillOpenWhenTheClassEndedEndsWhenTheLogTookTheEnd(bool onRedis)
    {
        await using var redis = onRedis ? await RedisServer.StartAsync() : null;
        var clock = new FakeTimeProvider(Now);
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration }) { Clock = clock };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        var before = onRedis ? DateTimeOffset.UtcNow : Now;
        await Log(gateway, Lesson().ClassEnded(TimeSpan.FromMinutes(45)).Events);
        var after = onRedis ? DateTimeOffset.UtcNow : Now;
        clock.Advance(TimeSpan.FromDays(1));

        var stay = (await Attendance(teacher)).GetProperty("list")[0].GetProperty("intervals").EnumerateArray().Single();

        Assert.Equal(JsonValueKind.String, stay.GetProperty("left").ValueKind);
        Assert.InRange(stay.GetProperty("left").GetDateTimeOffset(), before.AddMilliseconds(-1), after.AddMilliseconds(1));
    }

    [Fact]
    public async Task AnAcceptOfTextCsvAnswersTheSameAsCsv()
    {
        await using var gateway = Gateway();
        using var assistant = gateway.CreateClient(TestJwt.Assistant("room-1").Sign());
        await Log(gateway, Lesson().Events);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/attendance");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var response = await assistant.SendAsync(request, Json.Cancel);
        var csv = await response.Content.ReadAsStringAsync(Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.Equal(
            "userUuid,userName,role,intervals,minutesPresent,firstEntryAfterStartSeconds,kicked\r\n"
            + "teacher-1,Ms Rivera,1,2026-11-25T15:58:00.000Z/..,47,-120,false\r\n"
            + "student-7,\"Sam, \"\"the\"\" Lee\",2,2026-11-25T16:04:10.000Z/2026-11-25T16:30:00.000Z,25.8,250,true\r\n",
            csv);
    }

    /// <summary>
    /// The CSV begins with UTF-8's byte order mark, as Excel's own "CSV UTF-8" does: without it Excel reads the file in the
    /// system's legacy code page and a name outside ASCII comes out garbled.
    /// </summary>
    [Fact]
    public async Task TheCsvBeginsWithAByteOrderMarkSoThatExcelReadsItsNamesAsUtf8()
    {
        await using var gateway = Gateway();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await Log(gateway, new RoomEvents("room-1", Start).ClassStarted().Entered("student-7", "José 王伟", 2, TimeSpan.FromMinutes(1)).Events);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/attendance");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var bytes = await (await teacher.SendAsync(request, Json.Cancel)).Content.ReadAsByteArrayAsync(Json.Cancel);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith(AttendanceCsv.HeaderRow + "\r\nstudent-7,José 王伟,2,", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// JSON's rank is that of the most specific range that covers it, a wildcard's included (RFC 9110 12.5.1); a range's
    /// parameters do not keep it from covering the type.
    /// </summary>
    [Theory]
    [InlineData("text/csv;q=0.5, application/json", "application/json")]
    [InlineData("text/csv;q=0.9, */*", "application/json")]
    [InlineData("text/csv;q=0.9, application/*", "application/json")]
    [InlineData("text/csv, application/*;q=0.5", "text/csv")]
    [InlineData("text/csv, application/json;q=0.1, */*", "text/csv")]
    [InlineData("text/csv; charset=utf-8", "text/csv")]
    [InlineData("text/csv; header=present", "text/csv")]
    [InlineData("text/csv;charset=UTF-8, application/json;q=0.1", "text/csv")]
    [InlineData("text/csv;q=0.1, application/json; charset=utf-8", "application/json")]
    public async Task TheAnswerIsTheMediaTypeTheAcceptRanksFirst(string accept, string answered)
    {
        await using var gateway = Gateway();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/attendance");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await teacher.SendAsync(request, Json.Cancel);

        Assert.Equal(answered, response.Content.Headers.ContentType?.MediaType);
        if (answered == "text/csv")
        {
            return;
        }
        Assert.Empty((await response.ReadJson()).GetProperty("data").GetProperty("list").EnumerateArray());
    }

    [Fact]
    public async Task TwoInstancesSharingRedisAnswerTheSameAndSoDoesOneStartedAfterBothStopped()
    {
        await using var redis = await RedisServer.StartAsync();
        string first, second, afterRestart;
        await using (var a = Gateway(redis.Configuration))
        await using (var b = Gateway(redis.Configuration))
        {
            using var onA = a.CreateClient(TestJwt.Teacher("room-1").Sign());
            using var onB = b.CreateClient(TestJwt.Admin().Sign());
            await Log(a, Lesson().Events);
            first = (await Attendance(onA)).GetRawText();
            second = (await Attendance(onB)).GetRawText();
        }
        await using (var c = Gateway(redis.Configuration))
        {
            using var onC = c.CreateClient(TestJwt.Assistant("room-1").Sign());
            afterRestart = (await Attendance(onC)).GetRawText();
        }

        Assert.Contains("\"student-7\"", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(first, afterRestart);
    }

    [Fact]
    public async Task AnUnreachableLogIsA503ProblemNotAnEmptyList()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = Gateway(redis.Configuration);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        await Log(gateway, Lesson().Events);
        redis.Freeze();
        try
        {
            using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/attendance");
            csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            foreach (var response in new[] { await teacher.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel), await teacher.SendAsync(csvRequest, Json.Cancel) })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await response.ReadJson();
                Assert.Equal(503, problem.GetProperty("code").GetInt32());
                Assert.DoesNotContain("student-7", problem.GetRawText(), StringComparison.Ordinal);
            }
        }
        finally
        {
            redis.Thaw();
        }
    }

    public static TheoryData<string, bool, bool> Callers() => new()
    {
        { "student", true, false },
        { "teacher", false, false },
        { "assistant", false, false },
        { "teacher", true, true },
        { "assistant", true, true },
        { "admin", false, true },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task OnlyTheRoomsTeachersAssistantsAndAdminsMayReadIt(string role, bool inTheRoom, bool allowed)
    {
        await using var gateway = Gateway();
        await Log(gateway, Lesson().Events);
        var rooms = role == "admin" ? Array.Empty<string>() : [inTheRoom ? "room-1" : "room-2"];
        using var client = gateway.CreateClient(new TestJwt { Subject = role + "-9", Roles = new[] { role }, Rooms = rooms }.Sign());
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/attendance");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var json = await client.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel);
        var csv = await client.SendAsync(csvRequest, Json.Cancel);

        foreach (var response in new[] { json, csv })
        {
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(allowed, (await response.Content.ReadAsStringAsync(Json.Cancel)).Contains("student-7", StringComparison.Ordinal));
        }
        if (!allowed)
        {
            Assert.Equal("application/problem+json", csv.Content.Headers.ContentType?.MediaType);
            Assert.Equal(403, (await csv.ReadJson()).GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task WithoutSignInItIs401()
    {
        await using var gateway = Gateway();
        using var anonymous = gateway.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
