using System.Net;
using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Topologies;

/// <summary>
/// A class held through two gateway instances polling on a Redis with replicas (under sentinels, or a cluster), with the
/// emulator as Agora: a teacher on each instance uploads, lists and asks for RTM tokens in turn, a student joins, and an
/// admin reads the event log and the audit trail; every answer is kept for the test to check. A student follows the room's
/// stream from before the class was created. Each instance waits for a replica to hold its appends, as docs/caching.md
/// asks of such a Redis.
/// </summary>
public sealed class ReplicatedRedisClass : IAsyncDisposable
{
    public const string Room = "physics";

    readonly List<(string What, HttpStatusCode Status)> _answers = [];
    readonly List<(string What, HttpStatusCode Status)> _reads = [];
    readonly HttpClient _teacherOnA;
    readonly HttpClient _teacherOnB;
    readonly HttpClient _studentOnA;
    readonly HttpClient _studentOnB;
    readonly HttpClient _admin;
    readonly System.Collections.Concurrent.ConcurrentQueue<EventLogClient.Entry> _streamed = new();
    readonly CancellationTokenSource _streamEnds = new();
    Task _following = Task.CompletedTask;

    ReplicatedRedisClass(GatewayFactory a, GatewayFactory b, CapturedLogs saidOnA, CapturedLogs saidOnB)
    {
        A = a;
        B = b;
        SaidOnA = saidOnA;
        SaidOnB = saidOnB;
        _teacherOnA = a.CreateClient(TestJwt.Teacher(Room).Sign());
        _teacherOnB = b.CreateClient(TestJwt.Teacher(Room).Sign());
        _studentOnA = a.CreateClient(TestJwt.Student(Room).Sign());
        _studentOnB = b.CreateClient(TestJwt.Student(Room).Sign());
        _admin = b.CreateClient(TestJwt.Admin().Sign());
    }

    public GatewayFactory A { get; }

    public GatewayFactory B { get; }

    /// <summary>What each instance logged, for a failure to show how an event was lost.</summary>
    public CapturedLogs SaidOnA { get; }

    public CapturedLogs SaidOnB { get; }

    public int Uploads { get; private set; }

    /// <summary>Every answer so far, named by phase and step.</summary>
    public IReadOnlyList<(string What, HttpStatusCode Status)> Answers => _answers;

    /// <summary>The admin's reads of the event log and the audit trail so far, named by phase.</summary>
    public IReadOnlyList<(string What, HttpStatusCode Status)> Reads => _reads;

    /// <summary>Both instances up and answering on <paramref name="redis"/>, with the class created and started.</summary>
    public static async Task<ReplicatedRedisClass> StartAsync(IRedisDeployment redis)
    {
        var settings = EventTestSettings.Polling(redis.Configuration, ("Events:ReplicasToAcknowledge", "1"), ("Audit:ReplicasToAcknowledge", "1"));
        var (saidOnA, saidOnB) = (new CapturedLogs(), new CapturedLogs());
        var a = new GatewayFactory(settings.ToDictionary(s => s.Key, s => s.Value)) { Logs = saidOnA };
        a.StartServer();
        var b = new GatewayFactory(GatewayFactory.OutsideTheSandbox(a.Emulator.BaseUrl, settings)) { Logs = saidOnB };
        await GatewayCluster.WaitUntilRedisAnswers(a);
        await GatewayCluster.WaitUntilRedisAnswers(b);
        var started = new ReplicatedRedisClass(a, b, saidOnA, saidOnB);
        await a.WaitUntilStreamsOpenAsync();
        var stream = await SseReader.OpenAsync(started._studentOnA, $"/api/v1/rooms/{Room}/events/stream");
        started.Answered("stream", stream.Response);
        await stream.ReadAsync();
        started._following = started.FollowAsync(stream);
        started.Answered("create", await started._teacherOnA.PostAsync($"/api/v1/rooms/{Room}", Json.Body("""{"roomName":"Physics","roomType":4}"""), Json.Cancel));
        started.Answered("start", await started._teacherOnB.PutAsync($"/api/v1/rooms/{Room}/states/1", null, Json.Cancel));
        return started;
    }

    /// <summary>The class started on <paramref name="redis"/> and under way: one round acted, and its events in the log.</summary>
    public static async Task<ReplicatedRedisClass> UnderWayAsync(IRedisDeployment redis)
    {
        var lesson = await StartAsync(redis);
        await lesson.ActAsync("before");
        await lesson.LogAsync(3);
        return lesson;
    }

    /// <summary>
    /// A last round and the class's end, then asserts that nothing was lost: every request answered, every read of the log
    /// and the trail answered or refused as unavailable, and every event and upload in the log, the trail and the stream once.
    /// </summary>
    public async Task EndAndAssertNothingWasLostAsync()
    {
        await ActAsync("after");
        await EndAsync();
        AssertEveryRequestWasAnswered();
        AssertEveryReadWasAnsweredOrRefusedAsUnavailable();
        await AssertTheLogHoldsEveryEventOnceAsync();
        await AssertTheAuditHoldsEveryUploadOnceAsync();
        await AssertTheStreamCarriedEveryEventOnceAsync();
    }

    /// <summary>An upload, a list, an RTM token and a join, from each instance in turn, and the admin's reads of the log and the trail.</summary>
    public async Task ActAsync(string phase)
    {
        var teacher = Uploads % 2 == 0 ? _teacherOnA : _teacherOnB;
        var upload = ++Uploads;
        Answered($"{phase}: upload {upload}", await teacher.PutAsync($"/api/v1/rooms/{Room}/resources/slides-{upload}",
            Json.Body($$"""{"resourceName":"Slides {{upload}}","size":2048,"ext":"pdf","url":"https://files.example/{{upload}}.pdf"}"""), Json.Cancel));
        Answered($"{phase}: list", await teacher.GetAsync($"/api/v1/rooms/{Room}/resources", Json.Cancel));
        Answered($"{phase}: rtm token", await teacher.PostAsync("/api/v1/rtm-token", null, Json.Cancel));
        Answered($"{phase}: join", await (upload % 2 == 0 ? _studentOnA : _studentOnB).PostAsync($"/api/v1/rooms/{Room}/join", null, Json.Cancel));
        Read($"{phase}: events", await _admin.GetAsync("/api/v1/events?limit=1", Json.Cancel));
        Read($"{phase}: audit", await _admin.GetAsync("/api/v1/audit?limit=1", Json.Cancel));
    }

    /// <summary>Keeps every event the student's stream carries until the class is disposed.</summary>
    async Task FollowAsync(SseReader stream)
    {
        await using var _ = stream;
        try
        {
            while (true)
            {
                var message = await stream.ReadEventAsync().WaitAsync(_streamEnds.Token);
                _streamed.Enqueue(EventLogClient.ToEntry(System.Text.Json.JsonDocument.Parse(message.Data!).RootElement));
            }
        }
        catch (OperationCanceledException) when (_streamEnds.IsCancellationRequested)
        {
        }
    }

    /// <summary>Acts every 200 ms (or <paramref name="pause"/>) until <paramref name="happening"/> is over.</summary>
    public async Task ActWhileAsync(string phase, Task happening, TimeSpan? pause = null)
    {
        while (!happening.IsCompleted)
        {
            await ActAsync(phase);
            await Task.Delay(pause ?? TimeSpan.FromMilliseconds(200), Json.Cancel);
        }
        await happening;
    }

    public async Task EndAsync() => Answered("end", await _teacherOnA.PutAsync($"/api/v1/rooms/{Room}/states/2", null, Json.Cancel));

    /// <summary>The log, once it holds at least <paramref name="count"/> events.</summary>
    public Task<IReadOnlyList<EventLogClient.Entry>> LogAsync(int count) => _admin.WaitForLogAsync(count);

    /// <summary>The audit trail, once it holds at least <paramref name="count"/> entries.</summary>
    public Task<IReadOnlyList<System.Text.Json.JsonElement>> AuditAsync(int count) => _admin.WaitForAuditAsync(count);

    /// <summary>Every event of the room as Agora keeps it (repeatable, 100 a page).</summary>
    public async Task<List<EventLogClient.Entry>> HistoryAsync()
    {
        var events = new List<EventLogClient.Entry>();
        string? nextId = null;
        do
        {
            var page = (await (await _teacherOnA.GetAsync($"/api/v1/rooms/{Room}/sequences" + (nextId is null ? "" : "?nextId=" + nextId), Json.Cancel))
                .ReadJson()).GetProperty("data");
            events.AddRange(page.GetProperty("list").EnumerateArray().Select(EventLogClient.ToEntry));
            nextId = page.GetProperty("nextId") is { ValueKind: System.Text.Json.JsonValueKind.Number } next ? next.GetRawText() : null;
        }
        while (nextId is not null);
        return events;
    }

    /// <summary>
    /// Asserts that the log holds every event of the room Agora recorded, each once: a batch the leader held while the
    /// primary was away is stored late when another instance polled meanwhile, after what that one stored
    /// (docs/events.md), so the log is compared in Agora's order.
    /// </summary>
    public async Task AssertTheLogHoldsEveryEventOnceAsync()
    {
        var expected = await HistoryAsync();
        var log = await LogAsync(expected.Count);
        Assert.True(expected.Count >= 2 + Uploads, $"the emulator recorded {expected.Count} events");
        var missing = expected.Select(e => e.Sequence).Except(log.Where(e => e.RoomUuid == Room).Select(e => e.Sequence)).ToList();
        Assert.True(missing.Count == 0, $"events {string.Join(", ", missing)} are not in the log; the pollers said:\n" + Said(ByTheEvents));
        Assert.Equal(expected, log.Where(e => e.RoomUuid == Room).OrderBy(e => e.Sequence));
        Assert.Equal(log.Count, log.Distinct().Count());
    }

    /// <summary>
    /// Asserts that the student's stream, open all along, carried every event of the room Agora recorded, each once: an
    /// event appended again after a failover is not handed to an open stream a second time (docs/events.md).
    /// </summary>
    public async Task AssertTheStreamCarriedEveryEventOnceAsync()
    {
        var expected = await HistoryAsync();
        await Poll.Until(() => Task.FromResult(_streamed.Count), count => count >= expected.Count || _following.IsCompleted, TimeSpan.FromSeconds(40));
        Assert.False(_following.IsFaulted, $"the stream failed: {_following.Exception}");
        Assert.Equal(expected, _streamed.OrderBy(e => e.Sequence));
    }

    /// <summary>The admin's reads of the log and the trail: 200, or 503 while Redis cannot serve them, and nothing else.</summary>
    public void AssertEveryReadWasAnsweredOrRefusedAsUnavailable() =>
        Assert.True(_reads.All(read => read.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable),
            string.Join("\n", _reads.Where(read => read.Status is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)).Select(read => $"{read.What}: {read.Status}")));

    /// <summary>Asserts that the audit trail holds an entry for every upload, each once.</summary>
    public async Task AssertTheAuditHoldsEveryUploadOnceAsync()
    {
        // Counted by the uploads alone: the writers may still hold some while the joins' entries already fill the trail.
        var uploads = await Poll.Until(async () => (await _admin.WaitForWholeAuditAsync(0)).Where(e => e.Action() == "UploadResource").ToList(),
            uploads => uploads.Count >= Uploads, TimeSpan.FromMinutes(1));
        Assert.True(uploads.Count == Uploads, $"{uploads.Count} of {Uploads} uploads are in the audit trail; the gateways warned:\n" + Said(AWarning));
        Assert.Equal(uploads.Count, uploads.Select(e => e.GetRawText()).Distinct().Count());
    }

    /// <summary>Asserts that every request was answered 200, naming those that were not and what the instances warned.</summary>
    public void AssertEveryRequestWasAnswered() =>
        Assert.True(_answers.All(answer => answer.Status == HttpStatusCode.OK),
            string.Join("\n", _answers.Where(answer => answer.Status != HttpStatusCode.OK).Select(answer => $"{answer.What}: {answer.Status}"))
            + "\nthe gateways warned:\n" + Said(AWarning));

    /// <summary>What the two instances logged that <paramref name="which"/> picks, first lines first, at most 60 of each.</summary>
    public string Said(Func<string, bool> which) =>
        string.Join("\n", new[] { (Logs: SaidOnA, Name: "a"), (Logs: SaidOnB, Name: "b") }.SelectMany(instance =>
            instance.Logs.Lines.Where(which).Take(60).Select(line => $"{instance.Name}: {(line.Length > 400 ? line[..400] : line)}")));

    /// <summary>A line of the events' code at Information or above.</summary>
    public static bool ByTheEvents(string line) => !line.StartsWith("Trace", StringComparison.Ordinal) && !line.StartsWith("Debug", StringComparison.Ordinal)
        && line.Contains(" Gateway.Events.", StringComparison.Ordinal);

    /// <summary>A line at Warning or above.</summary>
    public static bool AWarning(string line) => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal)
        || line.StartsWith("Critical", StringComparison.Ordinal);

    void Answered(string what, HttpResponseMessage answer) => _answers.Add((what, answer.StatusCode));

    void Read(string what, HttpResponseMessage answer) => _reads.Add((what, answer.StatusCode));

    public async ValueTask DisposeAsync()
    {
        await _streamEnds.CancelAsync();
        await _following;
        _streamEnds.Dispose();
        _teacherOnA.Dispose();
        _teacherOnB.Dispose();
        _studentOnA.Dispose();
        _studentOnB.Dispose();
        _admin.Dispose();
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
