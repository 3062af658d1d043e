using Gateway.Resilience;
using Gateway.Upstream;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Health;

/// <summary>
/// Any HTTP answer from the upstream means it is reachable, and one but 401 that Agora takes the gateway's credential: the
/// check queries a room (<see cref="UpstreamKnock.ReadinessRoom"/>), since a wrong app certificate or app id, which fails
/// every call a client makes, still leaves the host answering. The check is a call to Agora like any other,
/// through the circuit breaker: while the circuit is open the gateway refuses calls, so it is not ready, and the check
/// does not knock on the upstream either; once the break is over, the check may be the probe that closes it. Like every
/// call to Agora it carries the gateway's credential. It says which of Agora's hosts calls go to, primary or backup, and
/// leaves its URL to the log (<see cref="ReadinessLog"/>), as <c>/readyz</c> answers anyone; on the backup host an
/// answering upstream is <c>Degraded</c> (still 200). <c>/readyz</c> needs no sign-in, so one knock answers every
/// readiness request for <see cref="Fresh"/>, those that come while it runs too, unless the host in use or the circuit
/// changed meanwhile: else anyone could make the gateway call Agora, with its credential, as fast as they can ask. A knock
/// waits for Agora as long as any call, so that the breaker counts it by the same bound; a readiness request waits for it
/// <see cref="Patience"/> at most, and a knock still running then is not started again: a slow Agora whose calls succeed
/// does not open the circuit every call shares because readiness is asked, however often.
/// </summary>
public sealed class UpstreamHealthCheck(UpstreamKnock knock, AgoraHosts hosts, UpstreamCircuitBreaker breaker, TimeProvider time) : IHealthCheck
{
    /// <summary>How long a knock's start answers readiness requests for.</summary>
    public static readonly TimeSpan Fresh = SharedCheck<Knocked>.Fresh;

    /// <summary>How long a readiness request waits for the knock before it says Agora has not answered yet.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    /// <summary>What a knock was made for: a knock answers no request once the host in use or the circuit changed.</summary>
    record struct Knocked(AgoraHosts.InUseHost Host, CircuitState Circuit);

    readonly SharedCheck<Knocked> _knock = new(time);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        AnswerAsync(_knock.Current(new Knocked(hosts.InUse, breaker.State), CheckAsync), cancellationToken);

    async Task<HealthCheckResult> AnswerAsync(Task<HealthCheckResult> knocking, CancellationToken cancellationToken)
    {
        try
        {
            return await knocking.WaitAsync(Patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            return Said(HealthStatus.Unhealthy, $"The upstream has not answered within {Patience.TotalSeconds:0} s.");
        }
    }

    /// <summary>One knock, shared by the requests it answers, so none of them cancels it (Agora's bound ends it).</summary>
    async Task<HealthCheckResult> CheckAsync()
    {
        UpstreamResult result;
        try
        {
            result = await breaker.CallAsync(static (knock, token) => knock.AskForARoomAsync(token), knock, CancellationToken.None);
        }
        catch (BrokenCircuitException)
        {
            return Said(HealthStatus.Unhealthy, "The circuit to the upstream is open after repeated failures; calls are held back.");
        }
        if (result.Error != ForwarderError.None)
        {
            return Said(HealthStatus.Unhealthy, "The upstream does not answer.");
        }
        if (result.Failed)
        {
            // 502, 503, 504: Agora's own failure, as the circuit breaker and the probe of the primary take it.
            return Said(HealthStatus.Unhealthy, $"The upstream answered {result.StatusCode}, a failure of its own.");
        }
        if (result.StatusCode == StatusCodes.Status401Unauthorized)
        {
            // Every call with the gateway's credential is refused so: no class can be run through this instance.
            return Said(HealthStatus.Unhealthy, "The upstream refused the gateway's credential (401): check Agora:AppId and Agora:AppCertificate.");
        }
        return Said(hosts.InUse.Host == AgoraHost.Backup ? HealthStatus.Degraded : HealthStatus.Healthy, $"The upstream answered {result.StatusCode}.");
    }

    /// <summary><paramref name="why"/> and which host calls go to; that host's URL for the log alone.</summary>
    HealthCheckResult Said(HealthStatus status, string why)
    {
        var inUse = hosts.InUse;
        var (host, url) = inUse.Host == AgoraHost.Backup
            ? ($"the backup host since {inUse.Since:O}: {inUse.Reason}", hosts.Backup)
            : ("the primary host", hosts.Primary);
        return new HealthCheckResult(status, $"{why} Calls go to {host}.", data: ReadinessLog.WithDetail($"The host in use is {url}."));
    }
}
