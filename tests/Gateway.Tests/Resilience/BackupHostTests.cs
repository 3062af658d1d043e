using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Classroom.Emulator;
using Classroom.Emulator.Faults;
using Classroom.Emulator.Journal;
using Gateway.Events;
using Gateway.Resilience;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Resilience;

/// <summary>
/// Agora's backup host: two emulators on loopback sockets with the same app credentials stand for Agora's primary and
/// backup hosts, and each one's journal shows exactly what reached it. The primary is killed (its connections aborted,
/// its port closed) and started again on the same port.
/// </summary>
[Collection(nameof(ReadsProcessWideMetrics))]
public sealed class BackupHostTests
{
    /// <summary>The primary and backup emulators and a gateway in front of them on a clock the test moves.</summary>
    sealed class TwoHosts : IAsyncDisposable
    {
        // Held from the start until the primary binds it: a port merely chosen could be taken by another server meanwhile.
        RefusingPort? _primaryPortWhileDown = new();
        readonly int _primaryPort;
        readonly List<WebApplication> _killed = [];

        TwoHosts(WebApplication? primary, WebApplication backup, params (string Key, string? Value)[] settings)
        {
            _primaryPort = _primaryPortWhileDown.Port;
            Primary = primary;
            Backup = backup;
            var backupUrl = new Uri(backup.Urls.Single());
            Gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(PrimaryUrl,
                [("Agora:BackupBaseUrl", backupUrl.ToString()), .. settings])) { Clock = Clock, Logs = Logs };
            Teacher = Gateway.CreateClient(TestJwt.Teacher("*").Sign());
        }

        public WebApplication? Primary { get; private set; }
        public WebApplication Backup { get; }
        public WatchedClock Clock { get; } = new();
        public CapturedLogs Logs { get; } = new();
        public GatewayFactory Gateway { get; }
        public HttpClient Teacher { get; }
        Uri PrimaryUrl => new($"http://127.0.0.1:{_primaryPort}");

        public static async Task<TwoHosts> StartAsync(bool primaryUp = true, params (string Key, string? Value)[] settings)
        {
            var backup = await StartEmulator(port: 0);
            var hosts = new TwoHosts(null, backup, settings);
            if (primaryUp)
            {
                await hosts.StartPrimaryAsync();
            }
            return hosts;
        }

        public async Task StartPrimaryAsync()
        {
            _primaryPortWhileDown?.Dispose();
            _primaryPortWhileDown = null;
            Primary = await StartEmulator(_primaryPort);
        }

        /// <summary>Kills the primary: connections in flight are aborted, and its port refuses new ones; its journal stays readable.</summary>
        public async Task KillPrimaryAsync()
        {
            using var now = new CancellationTokenSource();
            await now.CancelAsync();
            await Primary!.StopAsync(now.Token);
            _killed.Add(Primary);
        }

        public static ReceivedRequestJournal JournalOf(WebApplication emulator) => emulator.Services.GetRequiredService<ReceivedRequestJournal>();

        public Task<HttpResponseMessage> CreateRoom(string room) => Teacher.PostAsync($"/api/v1/rooms/{room}",
            new StringContent("""{"roomName":"Backup drill","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);

        public async Task<string> Readiness() =>
            (await (await Gateway.CreateClient().GetAsync("/readyz", Json.Cancel)).ReadJson()).GetProperty("checks").GetProperty("upstream").ToString();

        public async Task<string> Metrics() => await (await Gateway.CreateClient().GetAsync("/metrics", Json.Cancel)).Content.ReadAsStringAsync(Json.Cancel);

        static async Task<WebApplication> StartEmulator(int port)
        {
            var emulator = EmulatorHost.Build(
                [$"--urls=http://127.0.0.1:{port}", $"--Agora:AppId={AgoraSandbox.AppId}", $"--Agora:AppCertificate={AgoraSandbox.AppCertificate}"],
                defaultUrl: $"http://127.0.0.1:{port}");
            await emulator.StartAsync(Json.Cancel);
            return emulator;
        }

        public async ValueTask DisposeAsync()
        {
            Teacher.Dispose();
            await Gateway.DisposeAsync();
            foreach (var emulator in _killed.Append(Primary).Distinct())
            {
                if (emulator is not null)
                {
                    await emulator.DisposeAsync();
                }
            }
            await Backup.DisposeAsync();
            _primaryPortWhileDown?.Dispose();
        }
    }

    static bool Reached(WebApplication emulator, string method, string room) =>
        TwoHosts.JournalOf(emulator).Entries.Any(e => e.Method == method && e.RawPath.EndsWith("/rooms/" + room, StringComparison.Ordinal));

    /// <summary>The value of <paramref name="metric"/> for one host, as <c>/metrics</c> serves it.</summary>
    static double ForHost(string metrics, string metric, string host)
    {
        var match = Regex.Match(metrics, $@"(?m)^{metric}\{{[^}}]*agora_host=""{host}""[^}}]*\}} (\S+)");
        Assert.True(match.Success, $"no {metric} sample for {host}:\n{metrics}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task WithThePrimaryKilledCallsGoToTheBackupAndReadinessAndMetricsSaySo()
    {
        await using var rig = await TwoHosts.StartAsync();
        var before = await rig.CreateRoom("before");
        var readyBefore = await rig.Readiness();

        await rig.KillPrimaryAsync();
        var write = await rig.CreateRoom("after");
        var read = await rig.Teacher.GetAsync("/api/v1/rooms/after/records", Json.Cancel);
        var polled = await rig.Gateway.Services.GetRequiredService<AgoraEventQueue>().TakeAsync();
        var ready = await rig.Gateway.CreateClient().GetAsync("/readyz", Json.Cancel);
        var readiness = await rig.Readiness();
        var metrics = await rig.Metrics();

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(Reached(rig.Primary!, "POST", "before"));
        Assert.Contains("\"Healthy\"", readyBefore);
        Assert.Contains("primary host", readyBefore);
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(Reached(rig.Backup, "POST", "after"));
        Assert.Contains(TwoHosts.JournalOf(rig.Backup).Entries, e => e.Method == "GET" && e.RawPath.EndsWith("/rooms/after/records", StringComparison.Ordinal));
        Assert.False(polled.Failed, polled.Failure);
        Assert.Contains(TwoHosts.JournalOf(rig.Backup).Entries, e => e.RawPath.Contains("/edu/polling/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"Degraded\"", readiness);
        Assert.Contains("backup host since", readiness);
        Assert.DoesNotContain(rig.Backup.Urls.Single(), readiness);
        Assert.Contains(rig.Logs.Lines, line => line.StartsWith("Warning Gateway.Health", StringComparison.Ordinal)
            && line.Contains("Degraded", StringComparison.Ordinal) && line.Contains(rig.Backup.Urls.Single(), StringComparison.Ordinal));
        Assert.Contains("the primary could not be connected to", readiness);
        Assert.Equal(1, ForHost(metrics, "gateway_upstream_host", "backup"));
        Assert.Equal(0, ForHost(metrics, "gateway_upstream_host", "primary"));
        Assert.Equal(1, ForHost(metrics, "gateway_upstream_host_switches_total", "backup"));
    }

    [Fact]
    public async Task OnceTheRestartedPrimaryAnswersAProbeCallsReturnToIt()
    {
        await using var rig = await TwoHosts.StartAsync();
        await rig.KillPrimaryAsync();
        var onBackup = await rig.CreateRoom("while-down");
        await rig.StartPrimaryAsync();

        var beforeProbe = await rig.CreateRoom("restarted-not-probed");
        var probes = await rig.Clock.EndWaitsUntil(Poll.Until(rig.Readiness, r => r.Contains("primary host", StringComparison.Ordinal)),
            new CircuitBreakerOptions().BreakDuration);
        var afterProbe = await rig.CreateRoom("probed");
        var readiness = await rig.Readiness();
        var metrics = await rig.Metrics();

        Assert.Equal(HttpStatusCode.OK, onBackup.StatusCode);
        Assert.True(Reached(rig.Backup, "POST", "while-down"));
        Assert.Equal(HttpStatusCode.OK, beforeProbe.StatusCode);
        Assert.True(Reached(rig.Backup, "POST", "restarted-not-probed"));
        Assert.False(Reached(rig.Primary!, "POST", "restarted-not-probed"));
        Assert.NotEmpty(probes);
        Assert.Equal(HttpStatusCode.OK, afterProbe.StatusCode);
        Assert.True(Reached(rig.Primary!, "POST", "probed"));
        Assert.False(Reached(rig.Backup, "POST", "probed"));
        Assert.Contains("\"Healthy\"", readiness);
        Assert.Equal(1, ForHost(metrics, "gateway_upstream_host", "primary"));
        Assert.Equal(1, ForHost(metrics, "gateway_upstream_host_switches_total", "backup"));
        Assert.Equal(1, ForHost(metrics, "gateway_upstream_host_switches_total", "primary"));
        // Each move is one warning.
        Assert.Equal(["Calls to Agora now go to the backup host", "Calls to Agora are back on the primary host"],
            rig.Logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Calls to Agora", StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..line.IndexOf(':', line.IndexOf(": ", StringComparison.Ordinal) + 2)]));
    }

    /// <summary>
    /// A restarted primary that answers the probe with a gateway's error (502, 503, 504: a proxy in front of a host still
    /// down) is not taken back: calls stay on the backup until a probe gets another answer.
    /// </summary>
    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task APrimaryThatAnswersTheProbeWithAGatewayErrorIsNotTakenBack(int status)
    {
        await using var rig = await TwoHosts.StartAsync();
        await rig.KillPrimaryAsync();
        await rig.CreateRoom("while-down");
        await rig.StartPrimaryAsync();
        rig.Primary!.Services.GetRequiredService<EmulatedFaults>().Add(new EmulatedFault(status) { Matches = IsProbe });

        var interval = new CircuitBreakerOptions().BreakDuration;
        // One probe at a time: each wait before a probe is ended by the test alone, once it has seen it armed.
        Task NextProbeWait() => rig.Clock.NextArmedAsync(wait => wait.Due == interval && wait.In(typeof(PrimaryHostProbe), "ExecuteAsync"))
            .WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        await NextProbeWait();
        rig.Clock.Advance(interval);
        await TwoHosts.JournalOf(rig.Primary).WaitForAsync(IsProbe, Json.Cancel);
        // The probe's answer is judged once the next probe's wait is armed.
        await NextProbeWait();
        var afterRefusedProbe = await rig.CreateRoom("after-refused-probe");
        rig.Clock.Advance(interval);
        await Poll.Until(rig.Readiness, r => r.Contains("primary host", StringComparison.Ordinal));
        var afterProbe = await rig.CreateRoom("probed");

        Assert.Equal(HttpStatusCode.OK, afterRefusedProbe.StatusCode);
        Assert.True(Reached(rig.Backup, "POST", "after-refused-probe"));
        Assert.False(Reached(rig.Primary, "POST", "after-refused-probe"));
        Assert.Equal(HttpStatusCode.OK, afterProbe.StatusCode);
        Assert.True(Reached(rig.Primary, "POST", "probed"));
    }

    /// <summary>The probe: a GET of the primary's base URL.</summary>
    static bool IsProbe(ReceivedRequest request) => request.Method == "GET" && request.RawPath == "/";

    /// <summary>
    /// A kick (POST) and a class state change (PUT, sent without a body, so nothing in the request itself stops a second
    /// send): whatever reached the dying primary is not sent again to the backup.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/v1/rooms/in-flight/users/student-1/exit")]
    [InlineData("PUT", "/api/v1/rooms/in-flight/states/1")]
    public async Task AWriteInFlightWhenThePrimaryDiesIsNotSentAgainToTheBackup(string method, string path)
    {
        await using var rig = await TwoHosts.StartAsync();
        rig.Primary!.Services.GetRequiredService<EmulatedFaults>().Add(new EmulatedFault(200)
        {
            Delay = TimeSpan.FromMinutes(5),
            Matches = r => r.Method == method,
        });

        var inFlight = rig.Teacher.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Json.Cancel);
        await TwoHosts.JournalOf(rig.Primary).WaitForAsync(r => r.Method == method, Json.Cancel);
        await rig.KillPrimaryAsync();
        var answer = await inFlight;
        var next = await rig.CreateRoom("next");
        var readiness = await rig.Readiness();

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.Contains("a connection to the primary broke", readiness);
        Assert.Single(TwoHosts.JournalOf(rig.Primary).Entries, e => e.Method == method);
        Assert.DoesNotContain(TwoHosts.JournalOf(rig.Backup).Entries, e => e.RawPath.Contains("/in-flight/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True(Reached(rig.Backup, "POST", "next"));
    }

    /// <summary>
    /// A read in flight when the primary dies changes nothing at Agora: it is tried again, on the backup, and the client gets
    /// the backup's answer (a 404: the backup has no such room), not a 502.
    /// </summary>
    [Fact]
    public async Task AReadInFlightWhenThePrimaryDiesIsAnsweredByTheBackup()
    {
        await using var rig = await TwoHosts.StartAsync();
        rig.Primary!.Services.GetRequiredService<EmulatedFaults>().Add(new EmulatedFault(200)
        {
            Delay = TimeSpan.FromMinutes(5),
            Matches = r => r.Method == "GET",
        });

        var inFlight = rig.Teacher.GetAsync("/api/v1/rooms/in-flight/records", Json.Cancel);
        await TwoHosts.JournalOf(rig.Primary).WaitForAsync(r => r.Method == "GET", Json.Cancel);
        await rig.KillPrimaryAsync();
        // The retry's wait, on the gateway's clock, ended at once.
        await rig.Clock.EndRetryWaitsUntil(inFlight);
        var answer = await inFlight;

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Single(TwoHosts.JournalOf(rig.Backup).Entries, e => e.Method == "GET" && e.RawPath.EndsWith("/rooms/in-flight/records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWriteThePrimaryRefusesToConnectGoesToTheBackupOnce()
    {
        await using var rig = await TwoHosts.StartAsync(primaryUp: false);

        var created = await rig.CreateRoom("refused");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Single(TwoHosts.JournalOf(rig.Backup).Entries, e => e.Method == "POST");
    }

    /// <summary>
    /// Creates a room on <paramref name="emulator"/> through a gateway with the default timeout: the gateway's and the
    /// emulator's code for it (all in this process) is then ready, and a busy machine's next create answers within a
    /// short timeout.
    /// </summary>
    static async Task ReadyTheCodeOfACreate(WebApplication emulator)
    {
        await using var unhurried = GatewayFactory.InFrontOf(new Uri(emulator.Urls.Single()));
        using var teacher = unhurried.CreateClient(TestJwt.Teacher("*").Sign());
        var created = await teacher.PostAsync("/api/v1/rooms/ready", new StringContent("""{"roomName":"Ready","roomType":4}""",
            Encoding.UTF8, "application/json"), Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }

    [Fact]
    public async Task APrimaryThatTimesOutOpensItsCircuitAndCallsMoveToTheBackup()
    {
        // Short enough to wait for twice, long enough for a create on a busy machine.
        await using var rig = await TwoHosts.StartAsync(primaryUp: true,
            ("Agora:TimeoutSeconds", "6"), ("CircuitBreaker:MinimumThroughput", "2"));
        await ReadyTheCodeOfACreate(rig.Backup);
        rig.Primary!.Services.GetRequiredService<EmulatedFaults>().Add(new EmulatedFault(200) { Delay = TimeSpan.FromMinutes(5) }, times: 100);

        var timedOut = new[] { await rig.CreateRoom("slow-1"), await rig.CreateRoom("slow-2") };
        var moved = await rig.CreateRoom("moved");
        var readiness = await rig.Readiness();

        Assert.All(timedOut, r => Assert.Equal(HttpStatusCode.GatewayTimeout, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.True(Reached(rig.Backup, "POST", "moved"));
        Assert.False(Reached(rig.Primary, "POST", "moved"));
        Assert.Contains("the circuit to the primary opened", readiness);
    }

    /// <summary>
    /// A failure of the probe of its own (no answer of Agora's: a credential that cannot be made, a bug) is logged, counted
    /// in <c>gateway.background.failures</c> and retried with backoff, as every background loop's is: the probe once only
    /// logged it. On the gateway's clock, moved by the test until the probe has failed.
    /// </summary>
    [Fact]
    public async Task AProbeThatFailsOfItsOwnIsCountedAsEveryBackgroundLoopsFailureIs()
    {
        await using var primary = await RecordingUpstream.StartAsync();
        await using var backup = await RecordingUpstream.StartAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        await using var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(primary.BaseUrl, [("Agora:BackupBaseUrl", backup.BaseUrl.ToString())]))
        {
            Clock = clock,
            Logs = logs,
        };
        await using var gateway = factory.WithWebHostBuilder(web => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(web,
            new FailingCredentials(failing: true).ReplaceIn));
        using var failures = gateway.Measure("gateway.background.failures");
        Assert.True(gateway.Services.GetRequiredService<Gateway.Upstream.AgoraHosts>().SwitchToBackup("the test moved calls"));

        var counted = await Poll.Until(() =>
        {
            clock.Advance(new CircuitBreakerOptions().BreakDuration);
            return Task.FromResult(failures.GetMeasurementSnapshot());
        }, measured => measured.Count > 0);

        Assert.Equal("primary-host-probe", counted[0].Tags["loop"]);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("The primary-host-probe loop failed", StringComparison.Ordinal));
        Assert.Empty(primary.Requests);
    }
}
