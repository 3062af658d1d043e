using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;

namespace Gateway.Tests.Topologies;

/// <summary>
/// Writes racing reads through two instances on one redis-server, in front of one Agora (the first instance's emulator):
/// a read that starts after a write's 2xx, on either instance, never sees the room from before it.
/// </summary>
public sealed class TwoInstanceRaceTests
{
    /// <summary>Two instances on one redis-server; without Redis, the one instance twice (it is the only one a deployment may run).</summary>
    sealed class Two(RedisServer? redis, GatewayFactory a, GatewayFactory? b) : IAsyncDisposable
    {
        public GatewayFactory A => a;
        public GatewayFactory[] All => [a, b ?? a];

        public static async Task<Two> StartAsync(bool withRedis = true)
        {
            var redis = withRedis ? await RedisServer.StartAsync() : null;
            (string Key, string? Value)[] settings = [("Redis:Configuration", redis?.Configuration), ("RateLimit:PermitsPerMinute", "1000000")];
            var a = new GatewayFactory(settings.ToDictionary(s => s.Key, s => s.Value));
            a.StartServer();
            var two = new Two(redis, a, redis is null ? null : GatewayFactory.InFrontOf(a.Emulator.BaseUrl, settings));
            if (redis is not null)
            {
                foreach (var instance in two.All)
                {
                    await GatewayCluster.WaitUntilRedisAnswers(instance);
                }
            }
            return two;
        }

        public async ValueTask DisposeAsync()
        {
            if (b is not null)
            {
                await b.DisposeAsync();
            }
            await a.DisposeAsync();
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/> through every client until cancelled; each read notes the floor before it is sent,
    /// and what it sees must be at least that floor.
    /// </summary>
    static Task[] Readers(HttpClient[] clients, string path, Func<long> floor, Func<JsonElement, long> seen, ConcurrentQueue<string> stale,
        CancellationToken stop) =>
        [.. clients.Select((client, index) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = floor();
                var answer = await client.GetAsync(path, Json.Cancel);
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    stale.Enqueue($"client {index}: {await Json.Describe(answer)}");
                    continue;
                }
                var value = seen(await answer.ReadJson());
                if (value < before)
                {
                    stale.Enqueue($"client {index} read {value} after {before} was acknowledged");
                }
            }
        }))];

    static long Number(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return 0;
            }
        }
        return element.ValueKind == JsonValueKind.Number ? element.GetInt64() : 0;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WidgetWritesThroughEitherInstanceAreSeenByEveryReadStartedAfterTheirAnswer(bool withRedis)
    {
        await using var two = await Two.StartAsync(withRedis);
        var teacherJwt = TestJwt.Teacher("quiz-room").Sign();
        HttpClient[] teacher = [.. two.All.Select(i => i.CreateClient(teacherJwt))];
        HttpClient[] readers = [.. two.All.SelectMany(i => new[] { i.CreateClient(teacherJwt), i.CreateClient(teacherJwt) })];
        var created = await teacher[0].PostAsync("/api/v1/rooms/quiz-room/join", Json.Body("""{"roomName":"Quiz","roomType":4}"""), Json.Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.OK, await Json.Describe(created));

        long acknowledged = 0;
        var stale = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var reading = Readers(readers, "/api/v1/rooms/quiz-room", () => Interlocked.Read(ref acknowledged),
            json => Number(json, "data", "roomProperties", "widgets", "quiz", "extra", "n"), stale, stop.Token);
        for (var i = 1; i <= 60; i++)
        {
            var written = await teacher[i % 2].PutAsync("/api/v1/rooms/quiz-room/widgets/quiz", Json.Body($$$"""{"extra":{"n":{{{i}}}}}"""), Json.Cancel);
            Assert.True(written.StatusCode == HttpStatusCode.OK, await Json.Describe(written));
            Interlocked.Exchange(ref acknowledged, i);
        }
        await stop.CancelAsync();
        await Task.WhenAll(reading);
        Assert.Empty(stale);
        foreach (var client in teacher)
        {
            Assert.Equal(60, Number(await (await client.GetAsync("/api/v1/rooms/quiz-room", Json.Cancel)).ReadJson(), "data", "roomProperties", "widgets", "quiz", "extra", "n"));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PassthroughWritesFromTwoInstancesAreSeenByEveryReadStartedAfterTheirAnswer(bool withRedis)
    {
        await using var two = await Two.StartAsync(withRedis);
        var adminJwt = TestJwt.Admin().Sign();
        HttpClient[] admin = [.. two.All.Select(i => i.CreateClient(adminJwt))];
        HttpClient[] readers = [.. two.All.SelectMany(i => new[] { i.CreateClient(adminJwt), i.CreateClient(adminJwt) })];
        var created = await admin[0].PostAsync("/api/v1/rooms/pt-room/join", Json.Body("""{"roomName":"PT","roomType":4}"""), Json.Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.OK, await Json.Describe(created));
        var room = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/pt-room";
        var resources = $"/edu/apps/{AgoraSandbox.AppId}/v1/rooms/pt-room/resources";

        var acknowledged = new long[2];
        var uploaded = new long[2];
        var stale = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        List<Task> reading = [];
        for (var w = 0; w < 2; w++)
        {
            var writer = w;
            reading.AddRange(Readers(readers, "/api/v1/rooms/pt-room", () => Interlocked.Read(ref acknowledged[writer]),
                json => Number(json, "data", "roomProperties", "p" + writer), stale, stop.Token));
            reading.AddRange(Readers(readers, "/api/v1/rooms/pt-room/resources", () => Interlocked.Read(ref uploaded[writer]),
                json => json.GetProperty("data").EnumerateArray()
                    .Select(r => r.GetProperty("resourceUuid").GetString()!)
                    .Where(id => id.StartsWith($"w{writer}-", StringComparison.Ordinal))
                    .Select(id => long.Parse(id[3..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max(),
                stale, stop.Token));
        }
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = 1; i <= 30; i++)
            {
                var written = await admin[w].PutAsync($"{room}/properties", Json.Body($$$"""{"properties":{"p{{{w}}}":{{{i}}}}}"""), Json.Cancel);
                Assert.True(written.StatusCode == HttpStatusCode.OK, await Json.Describe(written));
                Interlocked.Exchange(ref acknowledged[w], i);
                var upload = await admin[1 - w].PutAsync($"{resources}/w{w}-{i}",
                    Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.school.example/slides.pdf"}"""), Json.Cancel);
                Assert.True(upload.StatusCode == HttpStatusCode.OK, await Json.Describe(upload));
                Interlocked.Exchange(ref uploaded[w], i);
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(reading);
        }
        Assert.Empty(stale);
    }

    /// <summary>
    /// Two teachers of a room nobody has made yet join at once, through two instances, each with a create body of its own:
    /// the room is made once, by whichever create reaches Agora first, and both are told that room — its name and type as
    /// Agora describes it, not the body each sent — with a token for it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TwoTeachersMakingOneRoomAtOnceWithBodiesOfTheirOwnAreBothToldTheRoomAgoraMade(bool withRedis)
    {
        await using var two = await Two.StartAsync(withRedis);
        string[] bodies = ["""{"roomName":"Maths","roomType":4}""", """{"roomName":"Art","roomType":2}"""];
        for (var round = 0; round < 8; round++)
        {
            var roomUuid = $"made-{round}";
            var joins = await Task.WhenAll(two.All.Select(async (instance, index) =>
            {
                using var teacher = instance.CreateClient(new TestJwt { Subject = $"teacher-{index}", Roles = "teacher", Rooms = roomUuid }.Sign());
                var join = await teacher.PostAsync($"/api/v1/rooms/{roomUuid}/join", Json.Body(bodies[index]), Json.Cancel);
                Assert.True(join.StatusCode == HttpStatusCode.OK, await Json.Describe(join));
                return (await join.ReadJson()).GetProperty("data");
            }));
            using var admin = two.A.CreateClient(TestJwt.Admin().Sign());
            var room = (await (await admin.GetAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/{roomUuid}", Json.Cancel)).ReadJson()).GetProperty("data");

            var made = (Name: room.GetProperty("roomName").GetString()!, Type: room.GetProperty("roomProperties").GetProperty("roomType").GetInt32());
            Assert.Contains(made, new[] { ("Maths", 4), ("Art", 2) });
            Assert.All(joins, join =>
            {
                Assert.Equal(made, (join.GetProperty("roomName").GetString()!, join.GetProperty("roomType").GetInt32()));
                Assert.Equal(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(join.GetProperty("token").GetString()!, AgoraSandbox.Credentials,
                    DateTimeOffset.UtcNow).RoomUser(roomUuid, join.GetProperty("userUuid").GetString()!, 1));
            });
        }
    }

    /// <summary>
    /// A class ended by a teacher's end route or by an admin through the passthrough, while students join and the teacher
    /// uploads resources through both instances: every join started after the end's answer is refused as Agora refuses
    /// entering an ended class (409, 30409101), every read of the room started after it sees the class ended, and every
    /// read of the resources started after an upload's answer holds that upload.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task JoinsStartedAfterTheEndsAnswerAreRefusedOnEitherInstance(bool withRedis, bool throughThePassthrough)
    {
        await using var two = await Two.StartAsync(withRedis);
        var failures = new ConcurrentQueue<string>();
        HttpClient[] admin = [.. two.All.Select(i => i.CreateClient(TestJwt.Admin().Sign()))];
        for (var round = 0; round < 12; round++)
        {
            var roomUuid = $"end-{round}";
            var teacherJwt = TestJwt.Teacher(roomUuid).Sign();
            var studentJwt = TestJwt.Student(roomUuid).Sign();
            HttpClient[] teacher = [.. two.All.Select(i => i.CreateClient(teacherJwt))];
            HttpClient[] students = [.. two.All.SelectMany(i => new[] { i.CreateClient(studentJwt), i.CreateClient(studentJwt) })];
            var created = await teacher[round % 2].PostAsync($"/api/v1/rooms/{roomUuid}/join", Json.Body("""{"roomName":"End","roomType":4}"""), Json.Cancel);
            Assert.True(created.StatusCode == HttpStatusCode.OK, await Json.Describe(created));
            var started = await teacher[(round + 1) % 2].PutAsync($"/api/v1/rooms/{roomUuid}/states/1", null, Json.Cancel);
            Assert.True(started.StatusCode == HttpStatusCode.OK, await Json.Describe(started));

            var ended = 0;
            long uploaded = 0;
            using var stop = new CancellationTokenSource();
            var joining = students.Select((client, index) => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var after = Volatile.Read(ref ended) == 1;
                    var join = await client.PostAsync($"/api/v1/rooms/{roomUuid}/join", null, Json.Cancel);
                    var text = await join.Content.ReadAsStringAsync(Json.Cancel);
                    if (after && (join.StatusCode != HttpStatusCode.Conflict || !text.Contains("30409101", StringComparison.Ordinal)))
                    {
                        failures.Enqueue($"{roomUuid} client {index}: {(int)join.StatusCode} {text}");
                    }
                    if (!after && join.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict))
                    {
                        failures.Enqueue($"{roomUuid} client {index} before: {(int)join.StatusCode} {text}");
                    }
                    if (after)
                    {
                        var room = await client.GetAsync($"/api/v1/rooms/{roomUuid}", Json.Cancel);
                        if (Number(await room.ReadJson(), "data", "state") != 2)
                        {
                            failures.Enqueue($"{roomUuid} client {index} read the room after its end: {await Json.Describe(room)}");
                        }
                    }
                }
            })).ToList();
            joining.AddRange(Readers(students, $"/api/v1/rooms/{roomUuid}/resources", () => Interlocked.Read(ref uploaded),
                json => json.GetProperty("data").EnumerateArray().Select(r => long.Parse(r.GetProperty("resourceUuid").GetString()![1..],
                    System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max(), failures, stop.Token));
            var uploading = Task.Run(async () =>
            {
                for (var i = 1; !stop.IsCancellationRequested; i++)
                {
                    var upload = await teacher[i % 2].PutAsync($"/api/v1/rooms/{roomUuid}/resources/r{i}",
                        Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.school.example/slides.pdf"}"""), Json.Cancel);
                    Assert.True(upload.StatusCode == HttpStatusCode.OK, await Json.Describe(upload));
                    Interlocked.Exchange(ref uploaded, i);
                }
            }, Json.Cancel);
            await Task.Delay(50, Json.Cancel);
            var end = throughThePassthrough
                ? await admin[round % 2].PutAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/{roomUuid}/states/2", null, Json.Cancel)
                : await teacher[round % 2].PutAsync($"/api/v1/rooms/{roomUuid}/states/2", null, Json.Cancel);
            Assert.True(end.StatusCode == HttpStatusCode.OK, await Json.Describe(end));
            Volatile.Write(ref ended, 1);
            await Task.Delay(100, Json.Cancel);
            await stop.CancelAsync();
            await Task.WhenAll([.. joining, uploading]);
        }
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RecordingCommandsRacingEachOtherAnswerAgorasCodesAndLeaveTheRoomFresh(bool withRedis)
    {
        await using var two = await Two.StartAsync(withRedis);
        var teacherJwt = TestJwt.Teacher("rec-room").Sign();
        var otherTeacherJwt = new TestJwt { Subject = "teacher-2", Roles = "teacher", Rooms = "rec-room" }.Sign();
        var recorderJwt = new TestJwt { Subject = "classroom-recorder", Roles = "student", Rooms = "rec-room" }.Sign();
        var adminJwt = TestJwt.Admin().Sign();
        HttpClient[] teacher = [.. two.All.Select(i => i.CreateClient(teacherJwt))];
        HttpClient[] other = [.. two.All.Select(i => i.CreateClient(otherTeacherJwt))];
        HttpClient[] recorder = [.. two.All.Select(i => i.CreateClient(recorderJwt))];
        var created = await teacher[0].PostAsync("/api/v1/rooms/rec-room/join", Json.Body("""{"roomName":"Rec","roomType":4}"""), Json.Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.OK, await Json.Describe(created));
        const string start = """{"mode":"web","webRecordConfig":{"url":"https://class.school.example/record?room=rec-room"}}""";
        var failures = new List<string>();
        var answered = new ConcurrentDictionary<string, (string Action, int Status, long Code)>();

        async Task<(int Status, long Code)> Send(HttpClient client, HttpMethod method, string path, string? json, string action)
        {
            using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json.Body(json) };
            var answer = await client.SendAsync(request, Json.Cancel);
            var text = await answer.Content.ReadAsStringAsync(Json.Cancel);
            long code = -1;
            try
            {
                code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt64();
            }
            catch (Exception)
            {
            }
            answered[answer.Headers.GetValues("X-Request-Id").Single()] = (action, (int)answer.StatusCode, code);
            return ((int)answer.StatusCode, code);
        }

        async Task CheckRecord(int expected, string when)
        {
            foreach (var (client, name) in new[] { (teacher[0], "A"), (teacher[1], "B") })
            {
                var details = await (await client.GetAsync("/api/v1/rooms/rec-room", Json.Cancel)).ReadJson();
                var state = Number(details, "data", "roomProperties", "record", "state");
                if (state != expected)
                {
                    failures.Add($"{when}: {name} read record state {state}, expected {expected}");
                }
            }
        }

        for (var round = 0; round < 20; round++)
        {
            var starts = await Task.WhenAll(
                Send(teacher[round % 2], HttpMethod.Put, "/api/v1/rooms/rec-room/records/states/1", start, "SetRecordingState"),
                Send(other[(round + 1) % 2], HttpMethod.Put, "/api/v1/rooms/rec-room/records/states/1", start, "SetRecordingState"));
            if (starts.Count(s => s == (200, 0)) != 1 || starts.Count(s => s == (409, 30409411)) != 1)
            {
                failures.Add($"round {round} starts: {string.Join(", ", starts)}");
            }
            await CheckRecord(1, $"round {round} after start");
            var racing = await Task.WhenAll(
                Send(teacher[round % 2], HttpMethod.Patch, "/api/v1/rooms/rec-room/records/states/1", """{"webRecordConfig":{"onhold":true}}""", "UpdateRecording"),
                Send(recorder[(round + 1) % 2], HttpMethod.Put, "/api/v1/rooms/rec-room/records/ready", null, "ReportRecordingReady"),
                Send(other[round % 2], HttpMethod.Put, "/api/v1/rooms/rec-room/records/states/0", null, "SetRecordingState"),
                Send(teacher[(round + 1) % 2], HttpMethod.Put, "/api/v1/rooms/rec-room/records/states/0", null, "SetRecordingState"));
            if (racing.Any(s => s != (200, 0) && s != (409, 30409410)) || racing[2..].Count(s => s == (200, 0)) != 1)
            {
                failures.Add($"round {round} racing: {string.Join(", ", racing)}");
            }
            await CheckRecord(2, $"round {round} after stop");
        }

        // Every call is in the trail, with what its caller heard.
        using var adminClient = two.A.CreateClient(adminJwt);
        var entries = new Dictionary<string, (string Action, int Status, long Code)>();
        await Poll.Until(async () =>
        {
            entries.Clear();
            string? after = null;
            while (true)
            {
                var page = await (await adminClient.GetAsync($"/api/v1/audit?roomUuid=rec-room&limit=100{(after is null ? "" : "&after=" + after)}", Json.Cancel)).ReadJson();
                var list = page.GetProperty("data").GetProperty("list");
                foreach (var entry in list.EnumerateArray())
                {
                    entries[entry.GetProperty("requestId").GetString()!] = (entry.GetProperty("action").GetString()!,
                        entry.GetProperty("status").GetInt32(), entry.GetProperty("code").GetInt64());
                }
                if (list.GetArrayLength() == 0)
                {
                    break;
                }
                after = page.GetProperty("data").GetProperty("next").GetString();
            }
            return entries.Count;
        }, count => count >= answered.Count);
        foreach (var (id, heard) in answered)
        {
            if (!entries.TryGetValue(id, out var entry) || entry != heard)
            {
                failures.Add($"{id}: heard {heard}, trail {(entries.TryGetValue(id, out var e) ? e.ToString() : "none")}");
            }
        }
        Assert.Empty(failures);
    }
}
