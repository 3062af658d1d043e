using Gateway.Resilience;
using Gateway.Upstream;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Health;

/// <summary>
/// Any HTTP answer from the upstream's base URL means it is reachable. The check is a call to Agora like any other,
/// through the circuit breaker: while the circuit is open the gateway refuses calls, so it is not ready, and the check
/// does not knock on the upstream either; once the break is over, the check may be the probe that closes it. Like every
/// call to Agora it carries the gateway's credential. It says which of Agora's hosts calls go to; on the backup host an
/// answering upstream is <c>Degraded</c> (still 200).
/// </summary>
public sealed class UpstreamHealthCheck(UpstreamKnock knock, AgoraHosts hosts, UpstreamCircuitBreaker breaker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        UpstreamResult result;
        try
        {
            result = await breaker.CallAsync(static (knock, token) => knock.KnockAsync(host: null, token), knock, cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return HealthCheckResult.Unhealthy($"The circuit to the upstream is open after repeated failures; calls are held back. {HostInUse()}");
        }
        if (result.Error != ForwarderError.None)
        {
            return HealthCheckResult.Unhealthy($"The upstream does not answer. {HostInUse()}");
        }
        var answered = $"The upstream answered {result.StatusCode}. {HostInUse()}";
        return hosts.InUse.Host == AgoraHost.Backup ? HealthCheckResult.Degraded(answered) : HealthCheckResult.Healthy(answered);
    }

    string HostInUse() => hosts.InUse is { Host: AgoraHost.Backup } inUse
        ? $"Calls go to the backup host {hosts.Backup} since {inUse.Since:O}: {inUse.Reason}."
        : $"Calls go to the primary host {hosts.Primary}.";
}
