using Classroom.Agora.Tokens;
using Gateway.Telemetry;

namespace Gateway.Tokens;

/// <summary>
/// The gateway's own app token, which authenticates its calls to Agora's REST API in <see cref="UpstreamCredential.App"/>
/// mode. One per instance, minted again once less than <see cref="CachedRtmTokenSource.MarginFor"/> of its life remains,
/// so no call ever carries a token about to expire. It never leaves the gateway: no answer, log or problem holds it.
/// </summary>
public sealed class AppTokenSource(IOptions<AgoraOptions> options, TimeProvider time, GatewayMetrics metrics)
{
    readonly EducationTokenBuilder _builder = new(time);
    readonly Classroom.Agora.AgoraCredentials _credentials = options.Value.ToCredentials();
    readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);
    readonly TimeSpan _margin = CachedRtmTokenSource.MarginFor(TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds));
    EducationToken? _current;

    /// <summary>A valid app token; two callers racing a renewal may each mint one, and both are valid.</summary>
    public string Token()
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.ExpiresAt - time.GetUtcNow() >= _margin)
        {
            return current.Token;
        }
        var minted = _builder.AppToken(_credentials, _lifetime);
        metrics.TokenMinted();
        // A lifetime shorter than the margin is minted for every call, as the RTM tokens are.
        Volatile.Write(ref _current, minted);
        return minted.Token;
    }
}
