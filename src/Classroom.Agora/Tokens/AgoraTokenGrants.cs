namespace Classroom.Agora.Tokens;

/// <summary>
/// What a verified token grants at one instant. Each question answers <see cref="Status"/> when the token itself
/// was refused; otherwise whether the token carries the service with the privilege, unexpired, for whom was asked.
/// </summary>
public sealed class AgoraTokenGrants
{
    readonly AccessToken2? _token;
    readonly DateTimeOffset _now;

    internal AgoraTokenGrants(AccessToken2 token, DateTimeOffset now)
    {
        _token = token;
        _now = now;
        Status = AgoraTokenCheck.Valid;
    }

    AgoraTokenGrants(AgoraTokenCheck refusal) => Status = refusal;

    /// <summary>Whether the token is well formed, this app's, correctly signed and unexpired.</summary>
    public AgoraTokenCheck Status { get; }

    /// <summary>An app token: the APaaS App privilege.</summary>
    public AgoraTokenCheck App() => Grants<ApaasService>(ApaasService.AppPrivilege, static _ => true);

    /// <summary>RTM login as <paramref name="uid"/>: a plain RTM token or the RTM service of a room-user token.</summary>
    public AgoraTokenCheck RtmLogin(string? uid) =>
        Grants<RtmService>(RtmService.LoginPrivilege, rtm => string.Equals(rtm.UserId, uid, StringComparison.Ordinal));

    /// <summary>A room-user token: the APaaS RoomUser privilege for this room, user and role.</summary>
    public AgoraTokenCheck RoomUser(string roomUuid, string userUuid, short role) =>
        Grants<ApaasService>(ApaasService.RoomUserPrivilege, apaas => apaas.Role == role
            && string.Equals(apaas.RoomUuid, roomUuid, StringComparison.Ordinal)
            && string.Equals(apaas.UserUuid, userUuid, StringComparison.Ordinal));

    /// <summary>A user token: the APaaS User privilege for this user.</summary>
    public AgoraTokenCheck User(string userUuid) =>
        Grants<ApaasService>(ApaasService.UserPrivilege, apaas => string.Equals(apaas.UserUuid, userUuid, StringComparison.Ordinal));

    internal static AgoraTokenGrants Refused(AgoraTokenCheck refusal) => new(refusal);

    /// <summary>The first service of its type decides, as <see cref="AccessToken2.RtmUserId"/> reads it.</summary>
    AgoraTokenCheck Grants<TService>(ushort privilege, Func<TService, bool> holds) where TService : TokenService
    {
        if (_token is null)
        {
            return Status;
        }
        var service = _token.Services.OfType<TService>().FirstOrDefault();
        if (service is null || !service.Privileges.TryGetValue(privilege, out var seconds))
        {
            return AgoraTokenCheck.NotGranted;
        }
        if (seconds != 0 && _token.IssuedAt.AddSeconds(seconds) <= _now)
        {
            return AgoraTokenCheck.Expired;
        }
        return holds(service) ? AgoraTokenCheck.Valid : AgoraTokenCheck.Mismatch;
    }
}
