namespace Classroom.Agora.Tokens;

/// <summary>
/// Builds AccessToken2 ("007") tokens carrying one RTM service with the login privilege.
/// The clock and the salt are injectable so that tests and the test vector can pin them.
/// </summary>
public sealed class RtmTokenBuilder(TimeProvider time, Func<uint>? saltSource = null)
{
    public const int MinLifetimeSeconds = AccessToken2.MinLifetimeSeconds;
    public const int MaxLifetimeSeconds = AccessToken2.MaxLifetimeSeconds;
    public const uint MaxSalt = AccessToken2.MaxSalt;

    readonly TokenClock _clock = new(time, saltSource);

    public RtmToken Build(AgoraCredentials credentials, string userId, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var stamp = _clock.Next(lifetime);
        var token = Build(credentials.AppId, credentials.AppCertificate, userId, stamp.IssueTs, stamp.Salt, stamp.ExpireSeconds);
        return new RtmToken(token, userId, stamp.IssuedAt, stamp.ExpiresAt);
    }

    /// <summary>The pure form: every input pinned, as the test vector states them.</summary>
    public static string Build(string appId, string appCertificate, string userId, uint issueTs, uint salt, uint expireSeconds)
    {
        EnsureUserId(userId);
        return AccessToken2Writer.Write(appId, appCertificate, issueTs, salt, expireSeconds,
            new RtmService(TokenService.Grant(RtmService.LoginPrivilege, expireSeconds), userId));
    }

    /// <summary>Agora user ids are whole Unicode characters, non-empty and under 64 bytes of UTF-8.</summary>
    public static void EnsureUserId(string userId) => AccessToken2Writer.EnsureId(userId, nameof(userId));
}
