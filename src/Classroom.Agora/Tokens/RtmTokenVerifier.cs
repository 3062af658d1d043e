namespace Classroom.Agora.Tokens;

public enum RtmTokenCheck
{
    Valid,
    Malformed,
    ForeignAppId,
    BadSignature,
    Expired,
    NoRtmService,
    UidMismatch,
}

/// <summary>Decides whether an RTM token lets <c>uid</c> call an app, as Agora's REST gateway does.</summary>
public static class RtmTokenVerifier
{
    public static RtmTokenCheck Check(string? token, AgoraCredentials credentials, string? uid, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!AccessToken2.TryParse(token, out var parsed, out _))
        {
            return RtmTokenCheck.Malformed;
        }
        if (!string.Equals(parsed.AppId, credentials.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return RtmTokenCheck.ForeignAppId;
        }
        if (!parsed.VerifySignature(credentials.AppCertificate))
        {
            return RtmTokenCheck.BadSignature;
        }
        if (parsed.ExpiresAt <= now)
        {
            return RtmTokenCheck.Expired;
        }
        var rtm = parsed.Services.OfType<RtmService>().FirstOrDefault();
        if (rtm is null)
        {
            return RtmTokenCheck.NoRtmService;
        }
        if (rtm.Privileges.TryGetValue(RtmService.LoginPrivilege, out var loginExpire) && loginExpire != 0
            && parsed.IssuedAt.AddSeconds(loginExpire) <= now)
        {
            return RtmTokenCheck.Expired;
        }
        return string.Equals(rtm.UserId, uid, StringComparison.Ordinal) ? RtmTokenCheck.Valid : RtmTokenCheck.UidMismatch;
    }
}
