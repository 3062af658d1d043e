namespace Classroom.Agora.Tokens;

/// <summary>Decides whether a token lets <c>uid</c> log in to RTM, as Agora's REST gateway does: <see cref="AgoraTokenGrants.RtmLogin"/>.</summary>
public static class RtmTokenVerifier
{
    public static RtmTokenCheck Check(string? token, AgoraCredentials credentials, string? uid, DateTimeOffset now) =>
        AgoraTokenVerifier.Verify(token, credentials, now).RtmLogin(uid) switch
        {
            AgoraTokenCheck.Valid => RtmTokenCheck.Valid,
            AgoraTokenCheck.Malformed => RtmTokenCheck.Malformed,
            AgoraTokenCheck.ForeignAppId => RtmTokenCheck.ForeignAppId,
            AgoraTokenCheck.BadSignature => RtmTokenCheck.BadSignature,
            AgoraTokenCheck.Expired => RtmTokenCheck.Expired,
            AgoraTokenCheck.NotGranted => RtmTokenCheck.NoRtmService,
            AgoraTokenCheck.Mismatch => RtmTokenCheck.UidMismatch,
            var other => throw new InvalidOperationException($"Unexpected check {other}."),
        };
}
