using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;

namespace Gateway.Tests.Support;

/// <summary>How a call that reached Agora must be authenticated, by <c>Agora:UpstreamCredential</c>.</summary>
public static class UpstreamCredentialAssert
{
    public const string Setting = "Agora:UpstreamCredential";

    public static (string Key, string? Value) SettingFor(UpstreamCredential credential) => (Setting, credential.ToString());

    /// <summary>
    /// <see cref="UpstreamCredential.App"/>: <c>Authorization: agora token="…"</c> with a valid app token, and no uid or
    /// RTM token beside it. <see cref="UpstreamCredential.Caller"/>: the RTM token of <paramref name="uid"/> in
    /// <c>x-agora-token</c> and <c>Authorization</c>, and <paramref name="uid"/> in <c>x-agora-uid</c>.
    /// </summary>
    public static void CarriesTheGatewaysCredential(Func<string, string?> header, UpstreamCredential credential, string uid)
    {
        var authorization = header("authorization");
        Assert.NotNull(authorization);
        Assert.StartsWith("agora token=\"007", authorization, StringComparison.Ordinal);
        var token = authorization["agora token=\"".Length..^1];
        if (credential == UpstreamCredential.App)
        {
            Assert.Equal(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(token, AgoraSandbox.Credentials, DateTimeOffset.UtcNow).App());
            Assert.Null(header("x-agora-token"));
            Assert.Null(header("x-agora-uid"));
        }
        else
        {
            Assert.Equal(uid, header("x-agora-uid"));
            Assert.Equal(token, header("x-agora-token"));
            Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(token, AgoraSandbox.Credentials, uid, DateTimeOffset.UtcNow));
        }
    }
}
