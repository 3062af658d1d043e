using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;

namespace Gateway.Tokens;

/// <summary>Mints the RTM token the gateway presents to Agora on a user's behalf.</summary>
public sealed class RtmTokenMinter(IOptions<AgoraOptions> options, TimeProvider time) : IRtmTokenSource
{
    readonly RtmTokenBuilder _builder = new(time);
    readonly AgoraCredentials _credentials = options.Value.ToCredentials();
    readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);

    public string AppId => _credentials.AppId;

    public RtmToken Mint(string userId) => _builder.Build(_credentials, userId, _lifetime);

    public ValueTask<RtmToken> GetTokenAsync(string uid, CancellationToken cancellationToken) => ValueTask.FromResult(Mint(uid));
}
