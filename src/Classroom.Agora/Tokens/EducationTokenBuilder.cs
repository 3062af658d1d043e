namespace Classroom.Agora.Tokens;

/// <summary>
/// Builds Agora's education tokens (AccessToken2 with the APaaS service), as Agora's Go <c>educationtokenbuilder</c>
/// does: a room-user token for the classroom client, a user token, and an app token for server calls.
/// The clock and the salt are injectable so that tests can pin them.
/// </summary>
public sealed class EducationTokenBuilder(TimeProvider time, Func<uint>? saltSource = null)
{
    /// <summary>Agora's classroom roles: -1 none, 0 invisible, 1 teacher, 2 student, 3 assistant, 4 observer.</summary>
    public const short MinRole = ApaasService.NoRole;
    public const short MaxRole = 4;

    readonly TokenClock _clock = new(time, saltSource);

    /// <summary>The token a classroom client launches with: APaaS room user, RTM login and chat user, for one room.</summary>
    public EducationToken RoomUserToken(AgoraCredentials credentials, string roomUuid, string userUuid, short role, TimeSpan lifetime) =>
        Mint(credentials, lifetime, (c, s) => BuildRoomUserToken(c.AppId, c.AppCertificate, roomUuid, userUuid, role, s.IssueTs, s.Salt, s.ExpireSeconds));

    public EducationToken UserToken(AgoraCredentials credentials, string userUuid, TimeSpan lifetime) =>
        Mint(credentials, lifetime, (c, s) => BuildUserToken(c.AppId, c.AppCertificate, userUuid, s.IssueTs, s.Salt, s.ExpireSeconds));

    /// <summary>The token an app server calls Agora's classroom REST API with.</summary>
    public EducationToken AppToken(AgoraCredentials credentials, TimeSpan lifetime) =>
        Mint(credentials, lifetime, (c, s) => BuildAppToken(c.AppId, c.AppCertificate, s.IssueTs, s.Salt, s.ExpireSeconds));

    /// <summary>APaaS(room, user, role) with RoomUser, RTM(user) with Login, Chat(MD5 of user) with User.</summary>
    public static string BuildRoomUserToken(string appId, string appCertificate, string roomUuid, string userUuid, short role,
        uint issueTs, uint salt, uint expireSeconds)
    {
        AccessToken2Writer.EnsureId(roomUuid, nameof(roomUuid));
        AccessToken2Writer.EnsureId(userUuid, nameof(userUuid));
        if (role is < MinRole or > MaxRole)
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, $"A classroom role is from {MinRole} to {MaxRole}.");
        }
        return AccessToken2Writer.Write(appId, appCertificate, issueTs, salt, expireSeconds, RoomUserServices(roomUuid, userUuid, role, expireSeconds));
    }

    internal static TokenService[] RoomUserServices(string roomUuid, string userUuid, short role, uint expireSeconds) =>
    [
        new ApaasService(TokenService.Grant(ApaasService.RoomUserPrivilege, expireSeconds), roomUuid, userUuid, role),
        new RtmService(TokenService.Grant(RtmService.LoginPrivilege, expireSeconds), userUuid),
        new ChatService(TokenService.Grant(ChatService.UserPrivilege, expireSeconds), ChatService.ClassroomUserId(userUuid)),
    ];

    /// <summary>APaaS('', user, -1) with User.</summary>
    public static string BuildUserToken(string appId, string appCertificate, string userUuid, uint issueTs, uint salt, uint expireSeconds)
    {
        AccessToken2Writer.EnsureId(userUuid, nameof(userUuid));
        return AccessToken2Writer.Write(appId, appCertificate, issueTs, salt, expireSeconds,
            new ApaasService(TokenService.Grant(ApaasService.UserPrivilege, expireSeconds), "", userUuid, ApaasService.NoRole));
    }

    /// <summary>APaaS('', '', -1) with App.</summary>
    public static string BuildAppToken(string appId, string appCertificate, uint issueTs, uint salt, uint expireSeconds) =>
        AccessToken2Writer.Write(appId, appCertificate, issueTs, salt, expireSeconds,
            new ApaasService(TokenService.Grant(ApaasService.AppPrivilege, expireSeconds), "", "", ApaasService.NoRole));

    EducationToken Mint(AgoraCredentials credentials, TimeSpan lifetime, Func<AgoraCredentials, TokenStamp, string> build)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var stamp = _clock.Next(lifetime);
        return new EducationToken(build(credentials, stamp), stamp.IssuedAt, stamp.ExpiresAt);
    }
}
