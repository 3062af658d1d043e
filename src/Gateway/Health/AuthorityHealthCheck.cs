using Gateway.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>
/// With <c>Auth:Authority</c>, a bearer token is checked against the authority's signing keys: until they were fetched
/// once, every request presenting one is answered 503, so the instance serves nobody who signs in. Readiness asks for the
/// keys as a sign-in does (<see cref="AuthorityOutages.KeysAsync"/>: one fetch shared by every request waiting for it, a
/// failed one held for a second, so that readiness, which needs no sign-in, cannot make the gateway ask the authority
/// any faster) and waits <see cref="UpstreamHealthCheck.Patience"/> at most. Once fetched, the keys are answered from what
/// the gateway holds, refreshed behind the requests, and sign-ins go on while the authority is away: ready.
/// </summary>
public sealed class AuthorityHealthCheck(IOptionsMonitor<JwtBearerOptions> bearer, AuthorityOutages outages) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (bearer.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is not { } authority)
        {
            return HealthCheckResult.Healthy("Not configured: tokens are checked with Auth:SigningKey.");
        }
        try
        {
            await outages.KeysAsync(authority, cancellationToken).WaitAsync(UpstreamHealthCheck.Patience, cancellationToken);
            return HealthCheckResult.Healthy("The sign-in authority's signing keys are held.");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy(
                $"The sign-in authority (Auth:Authority) has not answered within {UpstreamHealthCheck.Patience.TotalSeconds:0} s, and its signing keys were never fetched: requests with a bearer token are answered 503.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(
                $"The sign-in authority (Auth:Authority) cannot be reached ({e.GetBaseException().GetType().Name}), and its signing keys were never fetched: requests with a bearer token are answered 503.");
        }
    }
}
