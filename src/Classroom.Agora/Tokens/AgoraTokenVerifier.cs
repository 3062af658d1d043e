namespace Classroom.Agora.Tokens;

/// <summary>
/// Checks an AccessToken2 as Agora's services do: parsed, this app's, signed with its certificate, unexpired. No token
/// lasts longer than Agora's maximum of 24 hours from its issue, whatever its expire says.
/// </summary>
public static class AgoraTokenVerifier
{
    /// <summary>Verifies <paramref name="token"/> once; the answer says what it grants at <paramref name="now"/>.</summary>
    public static AgoraTokenGrants Verify(string? token, AgoraCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!AccessToken2.TryParse(token, out var parsed, out _))
        {
            return AgoraTokenGrants.Refused(AgoraTokenCheck.Malformed);
        }
        if (!string.Equals(parsed.AppId, credentials.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return AgoraTokenGrants.Refused(AgoraTokenCheck.ForeignAppId);
        }
        if (!parsed.VerifySignature(credentials.AppCertificate))
        {
            return AgoraTokenGrants.Refused(AgoraTokenCheck.BadSignature);
        }
        if (parsed.ExpiresAt <= now || parsed.IssuedAt.AddSeconds(AccessToken2.MaxLifetimeSeconds) <= now)
        {
            return AgoraTokenGrants.Refused(AgoraTokenCheck.Expired);
        }
        return new AgoraTokenGrants(parsed, now);
    }
}
