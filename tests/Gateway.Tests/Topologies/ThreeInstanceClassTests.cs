using System.Net;
using System.Text.Json;
using Classroom.Agora;
using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Tests.Topologies;

/// <summary>
/// A whole class through three instances behind a load balancer that sends each request where it likes, sharing one
/// redis-server and one Agora (the sandbox's emulator): they must act as one gateway.
/// </summary>
public sealed class ThreeInstanceClassTests
{
    /// <summary>
    /// Three instances on a Redis of their own: the first hosts the emulator, in front of which the other two sit. Each
    /// has reached Redis, and its reader of the log has started unless it was started without streams.
    /// </summary>
    sealed class Three(RedisServer redis, GatewayFactory a, GatewayFactory b, GatewayFactory c) : IAsyncDisposable
    {
        public GatewayFactory A => a;
        public GatewayFactory B => b;
        public GatewayFactory C => c;
        public GatewayFactory[] All => [a, b, c];

        /// <summary>Started with the <paramref name="settings"/> made for the Redis configuration given.</summary>
        public static async Task<Three> StartAsync(Func<string, (string Key, string? Value)[]> settings, bool streams = true)
        {
            var redis = await RedisServer.StartAsync();
            var each = settings(redis.Configuration);
            var a = new GatewayFactory(each.ToDictionary(s => s.Key, s => s.Value));
            a.StartServer();
            var three = new Three(redis, a, GatewayFactory.InFrontOf(a.Emulator.BaseUrl, each), GatewayFactory.InFrontOf(a.Emulator.BaseUrl, each));
            foreach (var instance in three.All)
            {
                await GatewayCluster.WaitUntilRedisAnswers(instance);
                if (streams)
                {
                    await instance.WaitUntilStreamsOpenAsync();
                }
            }
            return three;
        }

        public async ValueTask DisposeAsync()
        {
            await c.DisposeAsync();
            await b.DisposeAsync();
            await a.DisposeAsync();
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task AClassSpreadOverThreeInstancesSeesOneGateway()
    {
        await using var three = await Three.StartAsync(redis => EventTestSettings.Polling(redis));
        var (a, b, c, instances) = (three.A, three.B, three.C, three.All);
        var teacherJwt = TestJwt.Teacher("maths").Sign();
        var studentJwt = TestJwt.Student("maths").Sign();
        var classmateJwt = new TestJwt { Subject = "student-2", Roles = "student", Rooms = "maths" }.Sign();
        var adminJwt = TestJwt.Admin().Sign();
        HttpClient[] teacher = [.. instances.Select(i => i.CreateClient(teacherJwt))];
        HttpClient[] student = [.. instances.Select(i => i.CreateClient(studentJwt))];
        HttpClient[] classmate = [.. instances.Select(i => i.CreateClient(classmateJwt))];
        HttpClient[] admin = [.. instances.Select(i => i.CreateClient(adminJwt))];

        // The student's reads before the room exists: nothing is kept that outlives its creation elsewhere.
        Assert.Equal(HttpStatusCode.NotFound, (await student[0].GetAsync("/api/v1/rooms/maths", Json.Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await student[2].PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel)).StatusCode);
        var created = await teacher[1].PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.OK, await Json.Describe(created));
        foreach (var (client, who) in new[] { (student[0], "student on A"), (student[2], "student on C"), (classmate[1], "classmate on B") })
        {
            var join = await client.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
            Assert.True(join.StatusCode == HttpStatusCode.OK, $"{who}: {await Json.Describe(join)}");
        }
        var details = await (await student[0].GetAsync("/api/v1/rooms/maths", Json.Cancel)).ReadJson();
        Assert.Equal(0, details.GetProperty("data").GetProperty("state").GetInt32());

        // Streams on A; the class's writes through B and C.
        await using var studentStream = await SseReader.OpenAsync(student[0], "/api/v1/rooms/maths/events/stream");
        await using var classmateStream = await SseReader.OpenAsync(classmate[2], "/api/v1/rooms/maths/events/stream");
        Assert.Equal(HttpStatusCode.OK, studentStream.Response.StatusCode);
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "maths", "teacher-1", 1);
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "maths", "student-1", 2);
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "maths", "student-2", 2);
        var started = await teacher[2].PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel);
        Assert.True(started.StatusCode == HttpStatusCode.OK, await Json.Describe(started));
        // The details A read before the start are not served after it, on any instance.
        foreach (var (client, name) in new[] { (student[0], "A"), (student[1], "B"), (student[2], "C") })
        {
            var state = (await (await client.GetAsync("/api/v1/rooms/maths", Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("state").GetInt32();
            Assert.True(state == 1, $"{name} answered state {state} after the class started through C");
        }

        // Resources: read (and cached) on every instance, uploaded through B, read fresh on every instance.
        foreach (var client in student)
        {
            await client.GetAsync("/api/v1/rooms/maths/resources", Json.Cancel);
        }
        var hits = new List<string>();
        foreach (var client in student)
        {
            hits.Add((await client.GetAsync("/api/v1/rooms/maths/resources", Json.Cancel)).Headers.GetValues("X-Cache-Status").Single());
        }
        Assert.Equal(["HIT", "HIT", "HIT"], hits);
        var uploaded = await teacher[1].PutAsync("/api/v1/rooms/maths/resources/slides",
            Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.school.example/slides.pdf"}"""), Json.Cancel);
        Assert.True(uploaded.StatusCode == HttpStatusCode.OK, await Json.Describe(uploaded));
        for (var i = 0; i < 3; i++)
        {
            var list = await student[i].GetAsync("/api/v1/rooms/maths/resources", Json.Cancel);
            var body = await list.ReadJson();
            Assert.True(body.GetProperty("data").GetArrayLength() == 1, $"instance {i}: {body}");
        }

        // Properties and widgets through C and B; details read on A.
        Assert.Equal(HttpStatusCode.OK, (await teacher[2].PutAsync("/api/v1/rooms/maths/properties", Json.Body("""{"properties":{"topic":"fractions"}}"""), Json.Cancel)).StatusCode);
        var topic = (await (await student[0].GetAsync("/api/v1/rooms/maths", Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("roomProperties");
        Assert.True(topic.TryGetProperty("topic", out var t) && t.GetString() == "fractions", topic.ToString());
        Assert.Equal(HttpStatusCode.OK, (await teacher[1].PutAsync("/api/v1/rooms/maths/widgets/countdown", Json.Body("""{"state":1,"extra":{"seconds":60}}"""), Json.Cancel)).StatusCode);
        var widgets = (await (await student[2].GetAsync("/api/v1/rooms/maths", Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("roomProperties");
        Assert.True(widgets.TryGetProperty("widgets", out var w) && w.TryGetProperty("countdown", out _), widgets.ToString());

        // Recording started through A, listed through B, stopped through C.
        Assert.Equal(HttpStatusCode.OK, (await teacher[0].PutAsync("/api/v1/rooms/maths/records/states/1", null, Json.Cancel)).StatusCode);
        var records = await (await teacher[1].GetAsync("/api/v1/rooms/maths/records", Json.Cancel)).ReadJson();
        Assert.Equal(1, records.GetProperty("data").GetProperty("list").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await teacher[2].PutAsync("/api/v1/rooms/maths/records/states/0", null, Json.Cancel)).StatusCode);

        // A ticket from B opens the stream on C.
        var ticket = (await (await student[1].PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel)).ReadJson())
            .GetProperty("data").GetProperty("ticket").GetString();
        using var browser = c.CreateClient();
        await using var ticketStream = await SseReader.OpenAsync(browser, $"/api/v1/rooms/maths/events/stream?ticket={ticket}");
        Assert.Equal(HttpStatusCode.OK, ticketStream.Response.StatusCode);

        // The classmate is kicked out through B: its stream on C ends after the kick, every route of the room refuses it everywhere.
        var classmateTicket = (await (await classmate[0].PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel)).ReadJson())
            .GetProperty("data").GetProperty("ticket").GetString();
        var kicked = await teacher[1].PostAsync("/api/v1/rooms/maths/users/student-2/exit", Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel);
        Assert.True(kicked.StatusCode == HttpStatusCode.OK, await Json.Describe(kicked));
        var classmateEvents = new List<SseReader.Message>();
        while (await classmateStream.ReadAsync() is { } message)
        {
            classmateEvents.Add(message);
        }
        Assert.Contains(classmateEvents, m => m.Event == "20" && m.Data!.Contains("student-2", StringComparison.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            foreach (var (method, path) in new[] { (HttpMethod.Post, "/join"), (HttpMethod.Post, "/events/ticket"), (HttpMethod.Get, ""),
                (HttpMethod.Get, "/resources"), (HttpMethod.Get, "/events/stream"), (HttpMethod.Get, "/users/student-2") })
            {
                using var request = new HttpRequestMessage(method, "/api/v1/rooms/maths" + path);
                using var answer = await classmate[i].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
                Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"instance {i}: {method} {path}: {(int)answer.StatusCode}");
            }
        }
        using var classmateBrowser = instances[2].CreateClient();
        using var redeemed = await classmateBrowser.GetAsync($"/api/v1/rooms/maths/events/stream?ticket={classmateTicket}",
            HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        Assert.True(redeemed.StatusCode == HttpStatusCode.Forbidden, $"ticket issued before the kick: {(int)redeemed.StatusCode}");

        // Attendance, audit and the log alike on every instance.
        var history = await (await teacher[0].GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).ReadJson();
        var expected = history.GetProperty("data").GetProperty("list").EnumerateArray().Select(EventLogClient.ToEntry).ToList();
        var logs = new List<IReadOnlyList<EventLogClient.Entry>>();
        foreach (var client in admin)
        {
            logs.Add(await client.WaitForLogAsync(expected.Count));
        }
        Assert.All(logs, log => Assert.Equal(expected, log.Where(e => e.RoomUuid == "maths")));
        var sheets = new List<string>();
        foreach (var client in teacher)
        {
            var sheet = await (await client.GetAsync("/api/v1/rooms/maths/attendance", Json.Cancel)).ReadJson();
            var list = sheet.GetProperty("data").GetProperty("list");
            sheets.Add(string.Join("|", list.EnumerateArray().Select(u => $"{u.GetProperty("userUuid")} {u.GetProperty("kicked")} {u.GetProperty("intervals")}")));
        }
        Assert.Equal(sheets[0], sheets[1]);
        Assert.Equal(sheets[0], sheets[2]);
        var audits = new List<string>();
        foreach (var client in admin)
        {
            audits.Add(string.Join("\n", (await client.WaitForAuditAsync(10)).Select(e => e.GetRawText())));
        }
        Assert.Equal(audits[0], audits[1]);
        Assert.Equal(audits[0], audits[2]);
    }

    /// <summary>
    /// The instance that polls Agora and serves a student's stream stops mid-class while the class goes on through the
    /// others; the client resumes with its Last-Event-ID on another instance and sees every event of the room once, in order.
    /// </summary>
    [Fact]
    public async Task AStreamOfAStoppedInstanceResumesOnAnotherWithoutGapsOrDuplicates()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var emulator = Classroom.Emulator.EmulatorHost.Build(
            ["--urls=http://127.0.0.1:0", $"--Agora:AppId={AgoraSandbox.AppId}", $"--Agora:AppCertificate={AgoraSandbox.AppCertificate}"],
            defaultUrl: "http://127.0.0.1:0");
        await emulator.StartAsync(Json.Cancel);
        var agora = new Uri(emulator.Urls.Single());
        var settings = EventTestSettings.Polling(redis.Configuration);
        var instances = new List<GatewayFactory>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var instance = GatewayFactory.InFrontOf(agora, settings);
                instances.Add(instance);
                await GatewayCluster.WaitUntilRedisAnswers(instance);
                await instance.WaitUntilStreamsOpenAsync();
            }
            var leader = (GatewayFactory)(await Leaders.TheOneLeadingAsync([.. instances]))!;
            var others = instances.Where(i => i != leader).ToList();
            var teacherJwt = TestJwt.Teacher("maths").Sign();
            using var teacher0 = others[0].CreateClient(teacherJwt);
            using var teacher1 = others[1].CreateClient(teacherJwt);
            using var studentOnLeader = leader.CreateClient(TestJwt.Student("maths").Sign());
            using var studentElsewhere = others[1].CreateClient(TestJwt.Student("maths").Sign());
            Assert.Equal(HttpStatusCode.OK, (await teacher0.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).StatusCode);

            var received = new List<SseReader.Message>();
            var stream = await SseReader.OpenAsync(studentOnLeader, "/api/v1/rooms/maths/events/stream");
            Assert.Equal(HttpStatusCode.OK, (await teacher1.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel)).StatusCode);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await teacher0.PutAsync("/api/v1/rooms/maths/properties", Json.Body("{\"properties\":{\"step\":" + i + "}}"), Json.Cancel)).StatusCode);
            }
            received.Add(await stream.ReadEventAsync());
            received.Add(await stream.ReadEventAsync());

            // The leader stops while the class goes on through the others.
            var writes = Task.Run(async () =>
            {
                for (var i = 3; i < 12; i++)
                {
                    var client = i % 2 == 0 ? teacher0 : teacher1;
                    Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/api/v1/rooms/maths/properties", Json.Body("{\"properties\":{\"step\":" + i + "}}"), Json.Cancel)).StatusCode);
                }
            }, Json.Cancel);
            await leader.DisposeAsync();
            instances.Remove(leader);
            while (await stream.ReadAsync() is { } message)
            {
                if (message.Event != "ping" && message.Data is not null)
                {
                    received.Add(message);
                }
            }
            await stream.DisposeAsync();
            await writes;
            var restarted = GatewayFactory.InFrontOf(agora, settings);
            instances.Add(restarted);
            await GatewayCluster.WaitUntilRedisAnswers(restarted);

            var history = await (await teacher0.GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).ReadJson();
            var expected = history.GetProperty("data").GetProperty("list").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
            await using var resumed = await SseReader.OpenAsync(studentElsewhere, "/api/v1/rooms/maths/events/stream", received[^1].Id);
            Assert.Equal(HttpStatusCode.OK, resumed.Response.StatusCode);
            while (received.Count < expected.Count(s => s >= JsonDocument.Parse(received[0].Data!).RootElement.GetProperty("sequence").GetInt64()))
            {
                received.Add(await resumed.ReadEventAsync());
            }

            var sequences = received.Select(m => JsonDocument.Parse(m.Data!).RootElement.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(expected.Where(s => s >= sequences[0]), sequences);
            Assert.Equal(received.Count, received.Select(m => m.Id).Distinct().Count());
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Writes through one instance while the others keep reading: once a write is answered, the next read of the room's
    /// resources and details on every instance holds it.
    /// </summary>
    [Fact]
    public async Task EveryReadAfterAWriteOnAnyInstanceHoldsItWhileTheOthersKeepReading()
    {
        await using var three = await Three.StartAsync(redis => [("Redis:Configuration", redis), ("RateLimit:PermitsPerMinute", "1000000")], streams: false);
        var instances = three.All;
        var teacherJwt = TestJwt.Teacher("maths").Sign();
        HttpClient[] teacher = [.. instances.Select(i => i.CreateClient(teacherJwt))];
        HttpClient[] student = [.. instances.Select(i => i.CreateClient(TestJwt.Student("maths").Sign()))];
        Assert.Equal(HttpStatusCode.OK, (await teacher[0].PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).StatusCode);
        using var stop = new CancellationTokenSource();
        var readers = student.Select(client => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await client.GetAsync("/api/v1/rooms/maths/resources", Json.Cancel);
                await client.GetAsync("/api/v1/rooms/maths", Json.Cancel);
            }
        }, Json.Cancel)).ToList();
        var stale = new List<string>();
        var random = new Random(7);
        for (var i = 0; i < 15; i++)
        {
            var writer = random.Next(3);
            var uploaded = await teacher[writer].PutAsync($"/api/v1/rooms/maths/resources/r{i}",
                Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pdf","url":"https://files.school.example/slides.pdf"}"""), Json.Cancel);
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
            var property = await teacher[(writer + 1) % 3].PutAsync("/api/v1/rooms/maths/properties", Json.Body("{\"properties\":{\"step\":" + i + "}}"), Json.Cancel);
            Assert.Equal(HttpStatusCode.OK, property.StatusCode);
            for (var j = 0; j < 3; j++)
            {
                var list = await student[j].GetAsync("/api/v1/rooms/maths/resources", Json.Cancel);
                var ids = (await list.ReadJson()).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("resourceUuid").GetString()).ToList();
                if (!ids.Contains($"r{i}"))
                {
                    stale.Add($"upload {i} through {writer}: instance {j} answered {string.Join(",", ids)} ({list.Headers.GetValues("X-Cache-Status").Single()})");
                }
                var details = await (await student[j].GetAsync("/api/v1/rooms/maths", Json.Cancel)).ReadJson();
                var step = details.GetProperty("data").GetProperty("roomProperties").TryGetProperty("step", out var s) ? s.GetInt32() : -1;
                if (step != i)
                {
                    stale.Add($"property {i} through {(writer + 1) % 3}: instance {j} answered {step}");
                }
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(stale.Count == 0, string.Join("\n", stale));
    }

    /// <summary>
    /// The start of a class, all at once through every instance: the teacher's join that makes the room through two
    /// instances at once (a client retrying through the balancer), students joining meanwhile, and one ticket presented to
    /// two instances at once — which opens one stream.
    /// </summary>
    [Fact]
    public async Task ConcurrentJoinsThatMakeTheRoomAndATicketRedeemedTwiceAtOnceActAsOnGatewayWould()
    {
        await using var three = await Three.StartAsync(redis => EventTestSettings.Polling(redis));
        var (a, b, c, instances) = (three.A, three.B, three.C, three.All);
        var teacherJwt = TestJwt.Teacher("maths").Sign();
        using var teacherOnB = b.CreateClient(teacherJwt);
        using var teacherOnC = c.CreateClient(teacherJwt);
        using var studentOnA = a.CreateClient(TestJwt.Student("maths").Sign());
        var joins = await Task.WhenAll(
            teacherOnB.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel),
            teacherOnC.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel));
        foreach (var join in joins)
        {
            Assert.True(join.StatusCode == HttpStatusCode.OK, await Json.Describe(join));
        }
        var studentJoin = await studentOnA.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        Assert.True(studentJoin.StatusCode == HttpStatusCode.OK, await Json.Describe(studentJoin));

        for (var round = 0; round < 5; round++)
        {
            var ticket = (await (await studentOnA.PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel)).ReadJson())
                .GetProperty("data").GetProperty("ticket").GetString();
            using var onB = b.CreateClient();
            using var onC = c.CreateClient();
            var answers = await Task.WhenAll(
                onB.GetAsync($"/api/v1/rooms/maths/events/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
                onC.GetAsync($"/api/v1/rooms/maths/events/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead, Json.Cancel));
            var statuses = answers.Select(r => (int)r.StatusCode).Order().ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
            Assert.Equal([200, 401], statuses);
        }
    }
}
