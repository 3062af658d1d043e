using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Telemetry;

namespace Gateway.Tokens;

/// <summary>Mints the RTM token the gateway presents to Agora on a user's behalf.</summary>
public sealed class RtmTokenMinter(IOptions<AgoraOptions> options, TimeProvider time, GatewayMetrics metrics)
{
    readonly RtmTokenBuilder _builder = new(time);
    readonly AgoraCredentials _credentials = options.Value.ToCredentials();
    readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);

    public string AppId => _credentials.AppId;

    public RtmToken Mint(string userId)
    {
        var token = _builder.Build(_credentials, userId, _lifetime);
        metrics.TokenMinted();
        return token;
    }
}
