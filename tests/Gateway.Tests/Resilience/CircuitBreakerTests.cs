using System.Diagnostics.Metrics;
using System.Net;
using Gateway.Resilience;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Resilience;

/// <summary>A dead upstream is not hammered: after repeated failures calls are refused at once, until a probe finds it well.</summary>
public sealed class CircuitBreakerTests
{
    /// <summary>A teacher's gateway on a moveable clock in front of an upstream that resets every connection.</summary>
    sealed class FailingUpstream : IAsyncDisposable
    {
        FailingUpstream(RecordingUpstream upstream, (string Key, string? Value)[] settings)
        {
            Upstream = upstream;
            upstream.Respond = RecordingUpstream.Abort;
            Gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, settings)) { Clock = Clock };
            Client = Gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        }

        public RecordingUpstream Upstream { get; }
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
        public GatewayFactory Gateway { get; }
        public HttpClient Client { get; }

        public static async Task<FailingUpstream> StartAsync(params (string Key, string? Value)[] settings) =>
            new(await RecordingUpstream.StartAsync(), settings);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Gateway.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    static readonly CircuitBreakerOptions Defaults = new();

    /// <summary>Every call failing: the circuit opens on the first call that makes the minimum throughput.</summary>
    static readonly int Threshold = Defaults.MinimumThroughput;

    static readonly TimeSpan BreakDuration = Defaults.BreakDuration;

    static Task<HttpResponseMessage> PutState(HttpClient client, CancellationToken? cancellationToken = null) =>
        client.PutAsync("/api/v1/rooms/room-1/states/1", null, cancellationToken ?? Json.Cancel);

    /// <summary>What this gateway's <c>gateway.upstream.circuit.open</c> reports now, as a scrape of <c>/metrics</c> reads it.</summary>
    static int? CircuitOpen(GatewayFactory gateway)
    {
        using var gauge = new MetricCollector<int>(gateway.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName,
            "gateway.upstream.circuit.open");
        gauge.RecordObservableInstruments();
        return gauge.LastMeasurement?.Value;
    }

    /// <summary>
    /// A client that gave up says nothing of Agora: as many calls as would open the circuit, each given up by its client
    /// while Agora takes its time, leave it closed, and the next call reaches Agora; so for a forwarded write and read, the
    /// passthrough, a cached read's miss and the join. Agora answers each, once its client is gone, with an error that is
    /// no failure: the join's read of the room, which other joins may share, goes on without its client and is counted as
    /// that answer, not as the client's leaving. Each call names a room of its own, so that none shares another's read.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/{room}/states/1")]
    [InlineData("GET", "/api/v1/rooms/{room}/sequences")]
    [InlineData("GET", "/edu/apps/" + Classroom.Agora.AgoraSandbox.AppId + "/v2/rooms/{room}/sequences")]
    [InlineData("GET", "/api/v1/rooms/{room}/resources")]
    [InlineData("POST", "/api/v1/rooms/{room}/join")]
    public async Task CallsTheirClientsGaveUpOnDoNotOpenTheCircuit(string method, string path)
    {
        await using var rig = await FailingUpstream.StartAsync();
        var clientGone = new TaskCompletionSource();
        rig.Upstream.Respond = async context =>
        {
            await clientGone.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await RecordingUpstream.Reply(context, 404, """{"code":20404100,"msg":"Room not found","ts":1}""");
            }
        };
        using var caller = rig.Gateway.CreateClient(new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = "*" }.Sign());
        var givenUp = new List<Exception?>();

        for (var call = 1; call <= Threshold + 1; call++)
        {
            using var client = new CancellationTokenSource();
            var sent = caller.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{room}", $"room-{call}")), client.Token);
            await Poll.Until(() => Task.FromResult(rig.Upstream.Arrived), arrived => arrived >= call);
            await client.CancelAsync();
            givenUp.Add(await Record.ExceptionAsync(() => sent));
            var gone = clientGone;
            clientGone = new TaskCompletionSource();
            gone.SetResult();
        }
        rig.Upstream.Respond = context => RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1}""");
        var after = await PutState(rig.Client);

        Assert.All(givenUp, failure => Assert.IsAssignableFrom<OperationCanceledException>(failure));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(Threshold + 2, rig.Upstream.Arrived);
    }

    /// <summary>
    /// A call that went out while the circuit was closed and comes back after it opened, and after its break, is no probe:
    /// what Agora answered it before the circuit opened neither closes the circuit nor opens it for another break. The next
    /// call is the probe.
    /// </summary>
    [Theory]
    [InlineData(200)]
    [InlineData(503)]
    public async Task AnOutcomeThatComesBackAfterTheCircuitOpenedIsNoProbe(int lateStatus)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new CircuitBreakerOptions();
        var hosts = new Upstream.AgoraHosts(Options.Create(new Configuration.AgoraOptions { BaseUrl = new Uri("http://127.0.0.1:9/") }), clock);
        var breaker = new UpstreamCircuitBreaker(Options.Create(settings), hosts, clock, NullLogger<UpstreamCircuitBreaker>.Instance);
        var late = new TaskCompletionSource<UpstreamResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateCall = breaker.CallAsync(static (answer, _) => new ValueTask<UpstreamResult>(answer.Task), late, Json.Cancel);

        for (var i = 0; i < settings.MinimumThroughput; i++)
        {
            await breaker.CallAsync(static (_, _) => ValueTask.FromResult(UpstreamResult.Answered(503)), 0, Json.Cancel);
        }
        var opened = breaker.State;
        clock.Advance(settings.BreakDuration + TimeSpan.FromSeconds(1));
        late.SetResult(UpstreamResult.Answered(lateStatus));
        await lateCall;
        var afterTheLateOutcome = breaker.State;
        var probe = await breaker.CallAsync(static (_, _) => ValueTask.FromResult(UpstreamResult.Answered(200)), 0, Json.Cancel);

        Assert.Equal([CircuitState.Open, CircuitState.Open], [opened, afterTheLateOutcome]);
        Assert.Equal(200, probe.StatusCode);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    /// <summary>
    /// Nor does a client that gave up say Agora is well: an Agora that never answers, whose calls are given up by more
    /// clients (on a real socket, closed while Agora has the call) than wait out the gateway's bound, still opens the
    /// circuit once as many calls as make the minimum throughput ran out the bound; counted as successes, the calls
    /// given up had kept the failures under the ratio, and every call went on to the dead Agora.
    /// </summary>
    [Fact]
    public async Task CallsTheirClientsGaveUpOnDoNotHideAgorasFailures()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl, ("Agora:TimeoutSeconds", "1")))
        {
            Clock = clock,
        };
        var address = gateway.StartOnASocket();
        var bearer = TestJwt.Teacher("room-1").Sign();
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        // Answered once first: a cold upstream's and gateway's first exchange, on a loaded machine, can outlast the 1 s
        // bound, and a first call given up on became a timeout, a failure, that opened the circuit a call early. Its success
        // then leaves the circuit's sampling window, so that only the calls below are counted.
        Assert.Equal(HttpStatusCode.OK, (await PutState(client)).StatusCode);
        clock.Advance(Defaults.SamplingDuration + TimeSpan.FromSeconds(1));
        upstream.Respond = context => Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        var warmedUp = upstream.Arrived;
        var givenUp = Threshold + 1;

        for (var call = 1; call <= givenUp; call++)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(address.Host, address.Port, Json.Cancel);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(
                $"PUT /api/v1/rooms/room-1/states/1 HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {bearer}\r\nContent-Length: 0\r\n\r\n"),
                Json.Cancel);
            await Poll.Until(() => Task.FromResult(upstream.Arrived - warmedUp), arrived => arrived >= call);
            socket.Close();
        }
        var waited = new List<HttpStatusCode>();
        for (var call = 0; call < Threshold; call++)
        {
            waited.Add((await PutState(client)).StatusCode);
        }
        var next = await PutState(client);

        Assert.All(waited, status => Assert.Equal(HttpStatusCode.GatewayTimeout, status));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.Equal(givenUp + Threshold, upstream.Arrived - warmedUp);
    }

    /// <summary>
    /// Agora's 502, 503 and 504 say it cannot serve, and count as failures: the circuit opens, and calls are refused
    /// without reaching it. Its 500 is an answer like any of its errors, and does not count.
    /// </summary>
    [Theory]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(500, false)]
    public async Task AgorasUnavailableAnswersOpenTheCircuitAndItsOwnErrorsDoNot(int status, bool opens)
    {
        await using var rig = await FailingUpstream.StartAsync();
        rig.Upstream.Respond = context => RecordingUpstream.Reply(context, status, $$"""{"code":{{status}},"msg":"unavailable","ts":1}""");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Threshold + 5; i++)
        {
            answers.Add(await PutState(rig.Client));
        }
        var reachedAgora = rig.Upstream.Requests.Count(r => r.RawTarget.EndsWith("/states/1", StringComparison.Ordinal));

        Assert.Equal(opens ? Threshold : Threshold + 5, reachedAgora);
        Assert.All(answers.Take(Threshold), answer => Assert.Equal(status, (int)answer.StatusCode));
        Assert.All(answers.Skip(Threshold), answer =>
        {
            Assert.Equal(opens ? HttpStatusCode.ServiceUnavailable : (HttpStatusCode)status, answer.StatusCode);
            Assert.Equal(opens ? BreakDuration : null, answer.Headers.RetryAfter?.Delta);
        });
    }

    /// <summary>
    /// A redirect is an answer the gateway cannot use, as it follows none and passes none on: each forwarded call answered
    /// with one is a 502 problem and a failure, and as many as the minimum throughput open the circuit.
    /// </summary>
    [Fact]
    public async Task RedirectsOfForwardedCallsOpenTheCircuit()
    {
        await using var rig = await FailingUpstream.StartAsync();
        rig.Upstream.Respond = context =>
        {
            context.Response.Headers.Location = "http://127.0.0.1:9/elsewhere";
            return RecordingUpstream.Reply(context, 302, "");
        };
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Threshold + 5; i++)
        {
            answers.Add(await PutState(rig.Client));
        }

        AssertOpenedAtTheThreshold(rig, answers);
    }

    /// <summary>
    /// A success that cannot be Agora's envelope (a proxy's or a captive portal's page, or an empty body) says nothing was
    /// done: each forwarded call answered with one is a 502 problem and a failure, and as many as the minimum throughput
    /// open the circuit.
    /// </summary>
    [Theory]
    [InlineData("<html><body>Sign in to the network</body></html>", "text/html")]
    [InlineData("", "application/json")]
    public async Task SuccessesOfForwardedCallsThatCannotBeAgorasEnvelopeOpenTheCircuit(string body, string contentType)
    {
        await using var rig = await FailingUpstream.StartAsync();
        rig.Upstream.Respond = context =>
        {
            context.Response.ContentLength = body.Length;
            return RecordingUpstream.Reply(context, 200, body, contentType);
        };
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Threshold + 5; i++)
        {
            answers.Add(await PutState(rig.Client));
        }

        AssertOpenedAtTheThreshold(rig, answers);
    }

    /// <summary>
    /// A success whose envelope carries a business code other than 0 is Agora answering, as its errors are: the client gets
    /// the 502 problem naming the code, and the circuit stays closed, on a forwarded call, a cached read's miss, the
    /// passthrough and the gateway's own calls alike. Counted as failures, as many as the minimum throughput refused every
    /// call for a break.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/room-1/states/1")]
    [InlineData("GET", "/api/v1/rooms/room-1/resources")]
    [InlineData("PUT", $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/states/1")]
    [InlineData("POST", "/api/v1/rooms/room-1/join")]
    public async Task SuccessesCarryingAnotherCodeLeaveTheCircuitClosed(string method, string path)
    {
        await using var rig = await FailingUpstream.StartAsync();
        rig.Upstream.Respond = context => RecordingUpstream.Reply(context, 200, """{"code":30409100,"msg":"class already started","ts":1}""");
        using var admin = rig.Gateway.CreateClient(TestJwt.Admin().Sign());
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Threshold + 5; i++)
        {
            answers.Add(await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel));
        }

        Assert.Equal(Threshold + 5, rig.Upstream.Requests.Count);
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
            Assert.Equal(30409100, (await answer.ReadJson()).GetProperty("code").GetInt32());
        }
    }

    /// <summary>The first <see cref="Threshold"/> calls reached Agora and were 502s; the rest were refused with the break's <c>Retry-After</c>.</summary>
    static void AssertOpenedAtTheThreshold(FailingUpstream rig, List<HttpResponseMessage> answers)
    {
        Assert.Equal(Threshold, rig.Upstream.Requests.Count);
        Assert.All(answers.Take(Threshold), answer => Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode));
        Assert.All(answers.Skip(Threshold), answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal(BreakDuration, answer.Headers.RetryAfter?.Delta);
        });
    }

    /// <summary>
    /// The join and the room route read Agora's answer: a 200 whose body is not Agora's envelope (a proxy's HTML page) is
    /// an answer they cannot use, a 502 problem and a failure, and as many as the minimum throughput open the circuit.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/join", "POST")]
    [InlineData("/api/v1/rooms/room-1", "GET")]
    public async Task AnswersThatAreNotAgorasEnvelopeToTheGatewaysOwnCallsOpenTheCircuit(string path, string method)
    {
        await using var rig = await FailingUpstream.StartAsync();
        rig.Upstream.Respond = context => RecordingUpstream.Reply(context, 200, "<html><body>Sign in to the network</body></html>", "text/html");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Threshold + 5; i++)
        {
            answers.Add(await rig.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel));
        }

        AssertOpenedAtTheThreshold(rig, answers);
    }

    [Fact]
    public async Task OpensAfterRepeatedFailuresRefusesWithoutCallingAndClosesWhenAProbeSucceeds()
    {
        await using var rig = await FailingUpstream.StartAsync();
        var (upstream, clock, client) = (rig.Upstream, rig.Clock, rig.Client);
        var closedAtFirst = CircuitOpen(rig.Gateway);

        for (var i = 0; i < Threshold; i++)
        {
            var failed = await PutState(client);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }
        var calls = upstream.Requests.Count;
        var open = CircuitOpen(rig.Gateway);
        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            refused.Add(await PutState(client));
        }
        var ready = await client.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(Threshold, calls);
        Assert.Equal(calls, upstream.Requests.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.Equal(BreakDuration, refused[0].Headers.RetryAfter?.Delta);
        var problem = await refused[0].ReadJson();
        Assert.Equal(503, problem.GetProperty("code").GetInt32());
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var readiness = await ready.ReadJson();
        Assert.Equal("Unhealthy", readiness.GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
        Assert.Contains("open", readiness.GetProperty("checks").GetProperty("upstream").GetProperty("description").GetString());

        var answerTheProbe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.Respond = async context =>
        {
            await answerTheProbe.Task;
            await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
        };
        clock.Advance(BreakDuration);
        var probing = PutState(client);
        await Poll.Until(() => Task.FromResult(upstream.Arrived), arrived => arrived > calls);
        // While the probe waits on Agora (the circuit half-open), the circuit is not closed yet: other calls are refused.
        var halfOpen = CircuitOpen(rig.Gateway);
        var besideTheProbe = await PutState(client);
        answerTheProbe.SetResult();
        var probe = await probing;
        var after = await PutState(client);
        var callsAfter = upstream.Requests.Count;
        var readyAgain = await client.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(0, closedAtFirst);
        Assert.Equal(1, open);
        Assert.Equal(1, halfOpen);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, besideTheProbe.StatusCode);
        Assert.Equal(0, CircuitOpen(rig.Gateway));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(calls + 2, callsAfter);
        Assert.Equal("Healthy", (await readyAgain.ReadJson()).GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
    }

    /// <summary>
    /// The probe after a break decides, and one its client gave up on before Agora answered learned nothing of Agora: it
    /// opens the circuit again, and the next calls are refused without reaching a dead Agora. Counted a success, it closed
    /// the circuit, and every call waited on Agora until as many had failed again as open it. So for a forwarded call, and
    /// for the gateway's own (a room's details, read by the caller's request while Redis, which shares the reads, is out
    /// of reach), whose cancellation comes out of the call as an exception.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AProbeItsClientGaveUpOnOpensTheCircuitAgain(bool theGatewaysOwnCall)
    {
        using var noRedis = new RefusingPort();
        await using var rig = theGatewaysOwnCall
            ? await FailingUpstream.StartAsync(("Redis:Configuration", noRedis.Configuration))
            : await FailingUpstream.StartAsync();
        var (upstream, clock, client) = (rig.Upstream, rig.Clock, rig.Client);
        for (var i = 0; i < Threshold; i++)
        {
            await PutState(client);
        }
        clock.Advance(BreakDuration);
        upstream.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);

        using var gone = new CancellationTokenSource();
        var probe = theGatewaysOwnCall ? client.GetAsync("/api/v1/rooms/room-1", gone.Token) : PutState(client, gone.Token);
        await Poll.Until(() => Task.FromResult(upstream.Requests.Count), arrived => arrived == Threshold + 1);
        await gone.CancelAsync();
        var givenUp = await Record.ExceptionAsync(() => probe);
        upstream.Respond = RecordingUpstream.Abort;
        var next = await PutState(client);

        Assert.IsAssignableFrom<OperationCanceledException>(givenUp);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.Equal(Threshold + 1, upstream.Requests.Count);
    }

    [Fact]
    public async Task AFailedProbeOpensTheCircuitAgainAtOnce()
    {
        await using var rig = await FailingUpstream.StartAsync();
        var (upstream, clock, client) = (rig.Upstream, rig.Clock, rig.Client);
        for (var i = 0; i < Threshold; i++)
        {
            await PutState(client);
        }

        clock.Advance(BreakDuration);
        var probe = await PutState(client);
        var next = await PutState(client);

        Assert.Equal(HttpStatusCode.BadGateway, probe.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.Equal(Threshold + 1, upstream.Requests.Count);
    }

    /// <summary>
    /// After the break, the readiness check may be the probe, so an instance nobody calls finds its own way back: its
    /// answer closes the circuit, and a client's next call is answered; its failure opens the circuit for another break,
    /// and a client's next call is refused without reaching Agora.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AfterTheBreakTheReadinessCheckIsTheProbe(bool agoraIsBack)
    {
        await using var rig = await FailingUpstream.StartAsync();
        var (upstream, clock, client) = (rig.Upstream, rig.Clock, rig.Client);
        for (var i = 0; i < Threshold; i++)
        {
            await PutState(client);
        }
        if (agoraIsBack)
        {
            upstream.Respond = context => RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
        }

        clock.Advance(BreakDuration);
        var ready = await client.GetAsync("/readyz", Json.Cancel);
        var knocked = upstream.Requests.Count;
        var next = await PutState(client);

        Assert.Equal(Threshold + 1, knocked);
        var upstreamCheck = (await ready.ReadJson()).GetProperty("checks").GetProperty("upstream");
        Assert.Equal(agoraIsBack ? "Healthy" : "Unhealthy", upstreamCheck.GetProperty("status").GetString());
        Assert.Equal(agoraIsBack ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.Equal(agoraIsBack ? Threshold + 2 : Threshold + 1, upstream.Requests.Count);
    }

    [Fact]
    public async Task ADeadUpstreamSeesNoMoreConnectionsOnceTheCircuitIsOpen()
    {
        using var dead = new ResettingListener();
        // A clock that moves only by the retries' waits: however slowly a loaded machine runs the loop, the break cannot
        // lapse into a probe.
        var clock = new WatchedClock();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(dead.BaseUrl)) { Clock = clock };
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Threshold; i++)
        {
            var read = client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
            await clock.EndRetryWaitsUntil(read);
            statuses.Add((await read).StatusCode);
        }
        var connectionsWhenOpened = dead.Connections;
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel)).StatusCode);
        }

        Assert.All(statuses.Take(Threshold), s => Assert.Equal(HttpStatusCode.BadGateway, s));
        Assert.All(statuses.Skip(Threshold), s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        // Each failed read may be retried twice within the default 10 s (a reset can also surface where no retry is safe, so not always).
        Assert.InRange(connectionsWhenOpened, Threshold, Threshold * 3);
        Assert.Equal(connectionsWhenOpened, dead.Connections);
    }

    [Fact]
    public async Task UpstreamErrorAnswersDoNotOpenTheCircuit()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 409, """{"code":30409100,"msg":"class already started","ts":1}""");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        for (var i = 0; i < Threshold * 2; i++)
        {
            var response = await PutState(client);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }
        Assert.Equal(Threshold * 2, upstream.Requests.Count);
    }

    [Fact]
    public async Task ItsThresholdsComeFromConfiguration()
    {
        await using var rig = await FailingUpstream.StartAsync(("CircuitBreaker:MinimumThroughput", "2"), ("CircuitBreaker:BreakDurationSeconds", "7"));
        var (upstream, clock, client) = (rig.Upstream, rig.Clock, rig.Client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await PutState(client)).StatusCode);
        }
        var refused = await PutState(client);
        clock.Advance(TimeSpan.FromSeconds(7));
        var probe = await PutState(client);

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.BadGateway, probe.StatusCode);
        Assert.Equal(3, upstream.Requests.Count);
    }

    /// <summary>By default the circuit opens once half of at least five calls in the window failed, not before.</summary>
    [Fact]
    public async Task OpensOnceHalfTheCallsOfTheWindowFailed()
    {
        await using var rig = await FailingUpstream.StartAsync();
        var (upstream, client) = (rig.Upstream, rig.Client);
        var answers = new Queue<bool>([true, true, true, false, false, false]);
        upstream.Respond = context => answers.Dequeue()
            ? RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""")
            : RecordingUpstream.Abort(context);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await PutState(client)).StatusCode);
        }

        Assert.Equal(0.5, Defaults.FailureRatio);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway,
            HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal(6, upstream.Requests.Count);
    }
}
