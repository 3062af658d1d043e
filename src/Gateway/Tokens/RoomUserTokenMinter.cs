using Classroom.Agora.Tokens;
using Gateway.Telemetry;

namespace Gateway.Tokens;

/// <summary>
/// Mints room-user tokens (Agora's education token: APaaS room user + RTM login + chat user): what a classroom client
/// launches with, for one room, one user and one role. Minted for the uid the gateway names, never one a client names.
/// </summary>
public sealed class RoomUserTokenMinter(IOptions<AgoraOptions> options, TimeProvider time, GatewayMetrics metrics)
{
    /// <summary>Agora's classroom roles as its education tokens and the client SDK number them.</summary>
    public const short Invisible = 0;
    public const short Teacher = 1;
    public const short Student = 2;
    public const short Assistant = 3;

    readonly EducationTokenBuilder _builder = new(time);
    readonly Classroom.Agora.AgoraCredentials _credentials = options.Value.ToCredentials();
    readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);

    /// <summary>A token for <paramref name="userUuid"/> in <paramref name="roomUuid"/>, living <c>Agora:TokenLifetimeSeconds</c> or <paramref name="lifetime"/>.</summary>
    public EducationToken Mint(string roomUuid, string userUuid, short role, TimeSpan? lifetime = null)
    {
        var token = _builder.RoomUserToken(_credentials, roomUuid, userUuid, role, lifetime ?? _lifetime);
        metrics.TokenMinted();
        return token;
    }
}
