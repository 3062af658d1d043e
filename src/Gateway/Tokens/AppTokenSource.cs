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
    readonly Lock _minting = new();
    EducationToken? _current;

    /// <summary>A valid app token; callers racing a renewal wait for one mint, so the instance has one token at a time.</summary>
    public string Token()
    {
        if (Kept() is { } kept)
        {
            return kept;
        }
        lock (_minting)
        {
            if (Kept() is { } minted)
            {
                return minted;
            }
            var fresh = _builder.AppToken(_credentials, _lifetime);
            metrics.TokenMinted();
            // A lifetime shorter than the margin is minted for every call, as the RTM tokens are.
            Volatile.Write(ref _current, fresh);
            return fresh.Token;
        }
    }

    /// <summary>The current token while at least the margin of its life remains; null when one must be minted.</summary>
    string? Kept() => Volatile.Read(ref _current) is { } current && current.ExpiresAt - time.GetUtcNow() >= _margin ? current.Token : null;
}
