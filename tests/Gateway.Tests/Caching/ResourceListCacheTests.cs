using System.Net;
using System.Text;
using Gateway.Resources;
using Gateway.Tests.Audit;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ResourceReads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Caching;

public sealed class ResourceListCacheTests
{

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASecondReadIsAHitWithTheUpstreamsExactBytes(bool withRedis)
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis);
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, br");

        var miss = await ReadAsync(client);
        var hit = await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0)), miss);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("HIT", hit.Headers.GetValues("X-Cache-Status").Single());
        Assert.Equal("application/json", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetBytes(ChangingResources.ListBody(0)), await hit.Content.ReadAsByteArrayAsync(Json.Cancel));
        Assert.Equal(1, cluster.ListReads);
        // Asked uncompressed, so that the kept bytes suit every client.
        Assert.Null(Assert.Single(cluster.ResourceRequests).Header("accept-encoding"));
    }

    [Theory]
    [InlineData("PUT", RedisDeployments.Server)]
    [InlineData("DELETE", RedisDeployments.Server)]
    [InlineData("PUT", RedisDeployments.Cluster)]
    public async Task AWriteThroughOneInstanceMakesEveryInstancesNextReadFresh(string method, string redis)
    {
        await using var cluster = await GatewayCluster.StartAsync(await RedisDeployments.StartAsync(redis));
        var first = await cluster.AddConnectedInstanceAsync();
        var second = await cluster.AddConnectedInstanceAsync();
        using var studentOnFirst = first.CreateClient(TestJwt.Student("room-1").Sign());
        using var studentOnSecond = second.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacherOnSecond = second.CreateClient(TestJwt.Teacher("room-1").Sign());

        var before = await ReadAsync(studentOnFirst);
        var sharedHit = await ReadAsync(studentOnSecond);
        var write = await WriteAsync(teacherOnSecond, method);
        var afterOnFirst = await ReadAsync(studentOnFirst);
        var afterOnSecond = await ReadAsync(studentOnSecond);

        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0)), before);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), sharedHit);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), afterOnFirst);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(1)), afterOnSecond);
    }

    /// <summary>
    /// Agora's app ids are hex, taken in either case: instances of one app whose configurations spell it differently share
    /// the list and the invalidations, where each kept keys of its own and served the list from before the other's write.
    /// </summary>
    [Fact]
    public async Task InstancesSpellingTheAppIdInEitherCaseShareTheListAndItsInvalidation()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var lowerCase = await cluster.AddConnectedInstanceAsync();
        var upperCase = await cluster.AddConnectedInstanceAsync(("Agora:AppId", Classroom.Agora.AgoraSandbox.AppId.ToUpperInvariant()));
        using var studentOnLowerCase = lowerCase.CreateClient(TestJwt.Student("room-1").Sign());
        using var studentOnUpperCase = upperCase.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacherOnUpperCase = upperCase.CreateClient(TestJwt.Teacher("room-1").Sign());

        await ReadAsync(studentOnLowerCase);
        var sharedHit = await ReadAsync(studentOnUpperCase);
        var write = await WriteAsync(teacherOnUpperCase, "PUT");
        var afterOnLowerCase = await ReadAsync(studentOnLowerCase);

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), sharedHit);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), afterOnLowerCase);
    }

    [Fact]
    public async Task AWriteMakesTheNextReadFreshWithoutRedis()
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis: false);
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await ReadAsync(student);
        await ReadAsync(student);
        var write = await WriteAsync(teacher, "PUT");
        var after = await ReadAsync(student);

        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
    }

    [Fact]
    public async Task ARefusedWriteLeavesTheCachedListInPlace()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        cluster.Upstream.Respond = context => HttpMethods.IsGet(context.Request.Method)
            ? cluster.Resources.Respond(context)
            : RecordingUpstream.Reply(context, 409, """{"code":30409100,"msg":"resource busy","ts":1}""");
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await ReadAsync(student);
        var refused = await WriteAsync(teacher, "PUT");
        var invalid = await teacher.PutAsync("/api/v1/rooms/room-1/resources/doc-1",
            new StringContent("""{"resourceName":"a","size":10,"ext":"exe","url":"https://f.example/a.exe"}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var after = await ReadAsync(student);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(30409100, (await refused.ReadJson()).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), after);
    }

    [Fact]
    public async Task AWriteWhoseOutcomeIsUnknownDropsTheList()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        // Agora makes the change, then fails to say so.
        cluster.Upstream.Respond = context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                return cluster.Resources.Respond(context);
            }
            cluster.Resources.Change();
            return RecordingUpstream.Reply(context, 503, "upstream overloaded", "text/plain");
        };
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await ReadAsync(student);
        var failed = await WriteAsync(teacher, "DELETE");
        var after = await ReadAsync(student);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
    }

    /// <summary>
    /// A teacher whose client gives up on an upload while Agora is still at it (a page closed, a frontend's own shorter
    /// timeout): Agora may well have made the change, so, as after a 5xx or a timeout, the list is dropped; it was kept,
    /// and the class read the old list from every instance until the entry expired.
    /// </summary>
    [Theory]
    [InlineData("PUT /api/v1/rooms/room-1/resources/doc-1")]
    [InlineData("DELETE /api/v1/rooms/room-1/resources")]
    public async Task AWriteWhoseClientGaveUpDropsTheList(string call)
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis: false);
        // Agora makes the change, then takes its time to say so.
        cluster.Upstream.Respond = context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                return cluster.Resources.Respond(context);
            }
            cluster.Resources.Change();
            return Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(cluster.Upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await ReadAsync(student);
        var cached = await ReadAsync(student);
        var body = call.StartsWith("PUT", StringComparison.Ordinal)
            ? """{"resourceName":"Slides","size":10,"ext":"pdf","url":"https://files.example/slides.pdf"}"""
            : """{"resourceUuid":["doc-0"]}""";

        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"{call} HTTP/1.1\r\nHost: {address.Authority}\r\n"
                + $"Authorization: Bearer {TestJwt.Teacher("room-1").Sign()}\r\nContent-Type: application/json\r\n"
                + $"Content-Length: {body.Length}\r\n\r\n{body}"), Json.Cancel);
            await Poll.Until(() => Task.FromResult(cluster.Upstream.Arrived), arrived => arrived == 2);
        }
        var trail = await admin.WaitForAuditAsync(1);
        // What the request does as it ends is done once its end is logged.
        var method = call[..call.IndexOf(' ', StringComparison.Ordinal)];
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal)
            && line.Contains($" {method} ", StringComparison.Ordinal))), finished => finished);
        var after = await ReadAsync(student);

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), cached);
        Assert.Equal(499, Assert.Single(trail).GetProperty("status").GetInt32());
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
    }

    /// <summary>
    /// A write the gateway held back before Agora — its circuit open, or no Agora token to be minted for it — is answered
    /// 503, as one Agora failed would be, but it changed nothing at Agora: the list stays cached as it was, on the writer
    /// and on every other instance, which is not told to drop it.
    /// </summary>
    [Theory]
    [InlineData(UnsentWrites.CircuitOpen, "PUT", false)]
    [InlineData(UnsentWrites.CircuitOpen, "DELETE", true)]
    [InlineData(UnsentWrites.NoToken, "PUT", true)]
    [InlineData(UnsentWrites.NoToken, "DELETE", false)]
    public async Task AWriteHeldBackBeforeAgoraKeepsTheListOnEveryInstance(string heldBack, string method, bool withRedis)
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis);

        var (cached, write, after) = await UnsentWrites.WriteAndReadAgainAsync(heldBack, cluster, client => ReadAsync(client),
            read => read.CacheStatus == "HIT", teacher => WriteAsync(teacher, method));

        var hit = (HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0));
        Assert.Equal((hit, hit), cached);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write);
        Assert.False(UnsentWrites.ReachedAgora(cluster.Upstream, "room-1"));
        Assert.Equal(cached, after);
    }

    /// <summary>
    /// Errors are asked again, and so is a success that is not Agora's envelope with code 0, which the client gets as the
    /// 502 problem of an answer the gateway cannot use.
    /// </summary>
    [Theory]
    [InlineData(200, """{"code":30403100,"msg":"room not ready","ts":1}""", 502)]
    [InlineData(500, """{"code":500,"msg":"internal","ts":1}""", 500)]
    [InlineData(200, "not json", 502)]
    public async Task OnlySuccessfulListsAreKept(int status, string body, int answered)
    {
        await using var cluster = await GatewayCluster.StartAsync();
        cluster.Upstream.Respond = context => RecordingUpstream.Reply(context, status, body);
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var first = await ReadAsync(client);
        var second = await ReadAsync(client);

        Assert.Equal((answered, "MISS"), ((int)first.Status, first.CacheStatus));
        Assert.Equal((answered, "MISS"), ((int)second.Status, second.CacheStatus));
        Assert.Equal(2, cluster.ListReads);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AClassOpeningItsSlidesAllAtOnceAsksAgoraForTheListOnce(bool withRedis)
    {
        const int students = 16;
        await using var cluster = await GatewayCluster.StartAsync(withRedis);
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.Upstream.Respond = async context =>
        {
            await answering.Task;
            await cluster.Resources.Respond(context);
        };
        var gateway = await cluster.AddConnectedInstanceAsync();
        var clients = Students(gateway, students);

        var read = await ReadAllAtOnceAsync(gateway, clients, answering);
        var next = await ReadAsync(clients[0]);

        Assert.All(read, r => Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0)), r));
        Assert.Equal(1, cluster.ListReads);
        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), next);
        Assert.Equal(1, cluster.ListReads);
        clients.ForEach(client => client.Dispose());
    }

    [Fact]
    public async Task ReadsWaitingForAListAgoraDidNotGiveAskForItThemselves()
    {
        const int students = 6;
        await using var cluster = await GatewayCluster.StartAsync();
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = 1;
        cluster.Upstream.Respond = async context =>
        {
            if (context.Request.Path.Value!.EndsWith("/resources", StringComparison.Ordinal) && Interlocked.Exchange(ref first, 0) == 1)
            {
                await answering.Task;
                await RecordingUpstream.Reply(context, 500, """{"code":500,"msg":"internal","ts":1}""");
                return;
            }
            await cluster.Resources.Respond(context);
        };
        var gateway = await cluster.AddConnectedInstanceAsync();
        var clients = Students(gateway, students);

        var read = await ReadAllAtOnceAsync(gateway, clients, answering);

        Assert.Single(read, r => r.Status == HttpStatusCode.InternalServerError);
        Assert.Equal(students - 1, read.Count(r => r == (HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0))));
        Assert.Equal(students, cluster.ListReads);
        clients.ForEach(client => client.Dispose());
    }

    /// <summary>
    /// Every client reads the list at once; Agora (held by <paramref name="answering"/>) answers once every read has missed
    /// the list and is on its way to Agora, or waiting for a list already asked for.
    /// </summary>
    static async Task<(HttpStatusCode Status, string? CacheStatus, string Body)[]> ReadAllAtOnceAsync(GatewayFactory gateway,
        List<HttpClient> clients, TaskCompletionSource answering)
    {
        using var lookups = gateway.Measure("gateway.cache.lookups");
        var reads = clients.Select(client => ReadAsync(client)).ToList();
        var missed = await Poll.Until(() => Task.FromResult(lookups.Misses("resources")), count => count == clients.Count);
        Assert.Equal(clients.Count, missed);
        answering.SetResult();
        return await Task.WhenAll(reads);
    }

    static List<HttpClient> Students(GatewayFactory gateway, int count) => Enumerable.Range(1, count)
        .Select(i => gateway.CreateClient(new TestJwt { Subject = $"student-{i}", Rooms = new[] { "room-1" } }.Sign())).ToList();

    [Fact]
    public async Task TheRoomPolicyIsCheckedBeforeTheCacheAnswers()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var member = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var outsider = gateway.CreateClient(TestJwt.Student("room-2").Sign());

        await ReadAsync(member);
        var refused = await outsider.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(403, (await refused.ReadJson()).GetProperty("code").GetInt32());
        Assert.False(refused.Headers.Contains("X-Cache-Status"));
        Assert.Equal(1, cluster.ListReads);
    }

    [Fact]
    public async Task RoomsAreCachedApartAndTheEventPollerCanInvalidateOne()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var first = await cluster.AddConnectedInstanceAsync();
        var second = await cluster.AddConnectedInstanceAsync();
        using var onFirst = first.CreateClient(TestJwt.Student("room-1", "room-2").Sign());
        using var onSecond = second.CreateClient(TestJwt.Student("room-1", "room-2").Sign());

        await ReadAsync(onFirst, "room-1");
        await ReadAsync(onFirst, "room-2");
        await second.Services.GetRequiredService<ResourceListCache>().InvalidateAsync("room-1", Json.Cancel);
        var invalidated = await ReadAsync(onFirst, "room-1");
        var untouched = await ReadAsync(onSecond, "room-2");

        Assert.Equal("MISS", invalidated.CacheStatus);
        Assert.Equal("HIT", untouched.CacheStatus);
        Assert.Equal(["/rooms/room-1/", "/rooms/room-2/", "/rooms/room-1/"],
            cluster.ResourceRequests.Select(r => r.RawTarget[r.RawTarget.IndexOf("/rooms/", StringComparison.Ordinal)..^"resources".Length]));
    }

    /// <summary>
    /// A read and a write of the same room, interleaved: the read's upstream answer (the list before the write) is held
    /// until the write, and the invalidation that goes with it, are done, and only then released. The read answers
    /// that older list — it began first — but no instance may keep it: every instance's next read is fresh.
    /// </summary>
    [Theory]
    [InlineData(true, "another")]
    [InlineData(true, "the same")]
    [InlineData(false, "the same")]
    public async Task AReadRacingAWriteLeavesNoStaleListOnAnyInstance(bool withRedis, string writerInstance)
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis);
        var reader = await cluster.AddConnectedInstanceAsync();
        var other = withRedis ? await cluster.AddConnectedInstanceAsync() : reader;
        using var studentOnReader = reader.CreateClient(TestJwt.Student("room-1").Sign());
        using var studentOnOther = other.CreateClient(TestJwt.Student("room-1").Sign());
        using var teacher = (writerInstance == "the same" ? reader : other).CreateClient(TestJwt.Teacher("room-1").Sign());
        var answerHeld = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstListRead = 1;
        cluster.Upstream.Respond = async context =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value!.EndsWith("/resources", StringComparison.Ordinal)
                && Interlocked.Exchange(ref firstListRead, 0) == 1)
            {
                var before = cluster.Resources.CurrentList;
                answerHeld.SetResult(before);
                await release.Task;
                await RecordingUpstream.Reply(context, 200, before);
                return;
            }
            await cluster.Resources.Respond(context);
        };

        var racingRead = ReadAsync(studentOnReader);
        var heldAnswer = await answerHeld.Task.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        var write = await WriteAsync(teacher, "PUT");
        release.SetResult();
        var raced = await racingRead;
        var nextOnReader = await ReadAsync(studentOnReader);
        var nextOnOther = await ReadAsync(studentOnOther);

        Assert.Equal(ChangingResources.ListBody(0), heldAnswer);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(0)), raced);
        Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(1)), (nextOnReader.Status, nextOnReader.Body));
        Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(1)), (nextOnOther.Status, nextOnOther.Body));
    }
    /// <summary>
    /// Without Redis each room's generation is kept in process, so that a read racing a write never stores what it read
    /// before the write. Every write naming a room, and every event of one, moves its generation on: an instance that runs
    /// for days meets ever new rooms, and may not keep one entry for each of them for good. Forgetting them must not let a
    /// read that began before a write store its list after it.
    /// </summary>
    [Fact]
    public async Task WithoutRedisTheRoomsWrittenAreNotKeptForeverAndARacingReadStillStoresNothing()
    {
        await using var gateway = new GatewayFactory();
        var lists = gateway.Services.GetRequiredService<ResourceListCache>();
        var details = gateway.Services.GetRequiredService<Gateway.Rooms.RoomDetailsCache>();
        var before = await lists.LookupAsync("room-1");
        await lists.InvalidateAsync("room-1", Json.Cancel);

        const int Rooms = 20_000;
        var kept = await InvalidateRoomsAsync(lists, details, Rooms);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await lists.StoreAsync("room-1", before.Generation!, new CachedResourceList("application/json", Encoding.UTF8.GetBytes("{}")),
            SharedRoomCache.TimeToLive);

        var alive = kept.Count(room => room.IsAlive);
        Assert.True(alive <= Rooms / 2, $"{alive} of {Rooms} rooms written are still held");
        Assert.Null((await lists.LookupAsync("room-1")).Hit);
    }

    /// <summary>Moves on the resource list and the details of <paramref name="count"/> new rooms, answering weak references to their ids.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static async Task<WeakReference[]> InvalidateRoomsAsync(ResourceListCache lists, Gateway.Rooms.RoomDetailsCache details, int count)
    {
        var rooms = new WeakReference[count];
        for (var i = 0; i < count; i++)
        {
            var room = Guid.NewGuid().ToString();
            rooms[i] = new WeakReference(room);
            await lists.InvalidateAsync(room, Json.Cancel);
            await details.InvalidateAsync(room);
        }
        return rooms;
    }
}
