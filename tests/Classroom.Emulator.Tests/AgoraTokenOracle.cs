using Classroom.Agora.Tests.Tokens;

namespace Classroom.Emulator.Tests;

/// <summary>Tokens built by Agora's own library (npm <c>agora-token@2.0.6</c>, installed by test.sh in tests/oracle).</summary>
static class AgoraTokenOracle
{
    /// <summary><c>RtmTokenBuilder.buildToken</c>, with agora-token's own clock and salt.</summary>
    public static Task<string> BuildRtmTokenAsync(string appId, string certificate, string userId, int expireSeconds) =>
        AskAsync(OracleRequest.BuildRtmToken(Inputs(appId, certificate, userId, expireSeconds)));

    /// <summary><c>ApaasTokenBuilder.buildAppToken</c>, with agora-token's own clock and salt.</summary>
    public static Task<string> BuildAppTokenAsync(string appId, string certificate, int expireSeconds) =>
        AskAsync(OracleRequest.BuildEducationToken("ApaasTokenBuilder", EducationTokenKind.App,
            new EducationTokenInputs(Inputs(appId, certificate, "-", expireSeconds), "-", -1), pinned: false));

    static TokenInputs Inputs(string appId, string certificate, string userId, int expireSeconds) =>
        new(appId, certificate, OtherCertificate: "", userId, IssueTs: 0, Salt: 0, Expire: (uint)expireSeconds);

    static async Task<string> AskAsync(OracleRequest request)
    {
        var token = (await NodeTokenOracle.AskAsync([request]))[0].Token;
        Assert.StartsWith("007", token, StringComparison.Ordinal);
        return token!;
    }
}
