using System.Net;
using System.Text;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Resilience;
using Gateway.Tests.Support;

namespace Gateway.Tests.Resilience;

/// <summary>
/// Agora's primary and backup hosts as two emulator processes on loopback: the primary is killed (SIGKILL, as a crash
/// or a lost machine ends it) and started again as a new process on the same port. Each emulator is asked directly
/// which rooms it holds.
/// </summary>
[Collection(nameof(ReadsProcessWideMetrics))]
public sealed class BackupHostProcessTests
{
    /// <summary>
    /// An emulator process on a loopback port free when chosen, started again on another when another process took the port
    /// first: chosen before the process binds it, a port can be taken in the seconds a process takes to start.
    /// </summary>
    static Task<GatewayProcess.Running> StartEmulatorProcess() =>
        LoopbackPort.StartOnAFreePortAsync(port => StartEmulatorProcess(new Uri($"http://127.0.0.1:{port}")));

    /// <summary>An emulator process at <paramref name="url"/>, once it answers there with success.</summary>
    static Task<GatewayProcess.Running> StartEmulatorProcess(Uri url) =>
        GatewayProcess.StartAsync(["dotnet", Path.Combine(AppContext.BaseDirectory, "Classroom.Emulator.dll"), $"--urls={url}",
            $"--Agora:AppId={AgoraSandbox.AppId}", $"--Agora:AppCertificate={AgoraSandbox.AppCertificate}"], AppContext.BaseDirectory,
            new Dictionary<string, string>(), url, url, TimeSpan.FromSeconds(90));

    /// <summary>Whether the emulator at <paramref name="agora"/> holds <paramref name="room"/>, asked with an app token.</summary>
    static async Task<bool> Holds(Uri agora, string room)
    {
        using var client = new HttpClient { BaseAddress = agora };
        using var query = new HttpRequestMessage(HttpMethod.Get, $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/{room}");
        var appToken = new EducationTokenBuilder(TimeProvider.System).AppToken(AgoraSandbox.Credentials, TimeSpan.FromMinutes(10)).Token;
        query.Headers.TryAddWithoutValidation("Authorization", $"agora token=\"{appToken}\"");
        return (await client.SendAsync(query, Json.Cancel)).StatusCode == HttpStatusCode.OK;
    }

    [Fact]
    public async Task CallsMoveToTheBackupProcessWhenThePrimaryIsKilledAndReturnOnceItsNewProcessAnswersAProbe()
    {
        await using var backup = await StartEmulatorProcess();
        var primary = await StartEmulatorProcess();
        await using var _ = primary;
        var (primaryUrl, backupUrl) = (primary.BaseUrl!, backup.BaseUrl!);
        var clock = new WatchedClock();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(primaryUrl, ("Agora:BackupBaseUrl", backupUrl.ToString())))
        {
            Clock = clock,
        };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("*").Sign());
        Task<HttpResponseMessage> Create(string room) => teacher.PostAsync($"/api/v1/rooms/{room}",
            new StringContent("""{"roomName":"Drill","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);
        async Task<string> Readiness() =>
            (await (await gateway.CreateClient().GetAsync("/readyz", Json.Cancel)).ReadJson()).GetProperty("checks").GetProperty("upstream").ToString();

        var before = await Create("before");
        var onPrimary = await Holds(primaryUrl, "before");
        primary.Kill();
        var whileDown = await Create("while-down");
        var readinessWhileDown = await Readiness();
        await using var restarted = await StartEmulatorProcess(primaryUrl);
        await clock.EndWaitsUntil(Poll.Until(Readiness, r => r.Contains("primary host", StringComparison.Ordinal)), new CircuitBreakerOptions().BreakDuration);
        var back = await Create("back");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(onPrimary);
        Assert.Equal(HttpStatusCode.OK, whileDown.StatusCode);
        Assert.True(await Holds(backupUrl, "while-down"));
        Assert.Contains("backup host since", readinessWhileDown);
        Assert.DoesNotContain(backupUrl.Authority, readinessWhileDown);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.True(await Holds(primaryUrl, "back"));
        Assert.False(await Holds(backupUrl, "back"));
    }
}
