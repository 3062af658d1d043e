using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

public sealed class RtmTokenVerifierTests
{
    const string UserId = "teacher_42";
    const uint IssueTs = 1_780_000_000;
    const uint Expire = 600;
    static readonly AgoraCredentials Credentials = new("970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b");
    static readonly DateTimeOffset IssuedAt = DateTimeOffset.FromUnixTimeSeconds(IssueTs);
    static readonly DateTimeOffset ExpiresAt = IssuedAt.AddSeconds(Expire);
    static readonly string Token = RtmTokenBuilder.Build(Credentials.AppId, Credentials.AppCertificate, UserId, IssueTs, 77, Expire);

    [Theory]
    [InlineData(0)]
    [InlineData(599)]
    public void AcceptsTheRightTokenForItsUserUntilItExpires(int secondsAfterIssue)
    {
        var check = RtmTokenVerifier.Check(Token, Credentials, UserId, IssuedAt.AddSeconds(secondsAfterIssue));

        Assert.Equal(RtmTokenCheck.Valid, check);
    }

    [Fact]
    public void RefusesATokenOfAnotherApp()
    {
        var otherApp = new AgoraCredentials("870CA35de60c44645bbae8a215061b33", Credentials.AppCertificate);

        Assert.Equal(RtmTokenCheck.ForeignAppId, RtmTokenVerifier.Check(Token, otherApp, UserId, IssuedAt));
    }

    [Fact]
    public void RefusesATokenSignedWithAnotherCertificate()
    {
        var otherCertificate = new AgoraCredentials(Credentials.AppId, "5CFd2fd1755d40ecb72977518be15d3c");

        Assert.Equal(RtmTokenCheck.BadSignature, RtmTokenVerifier.Check(Token, otherCertificate, UserId, IssuedAt));
    }

    [Theory]
    [InlineData(2, 0)] // signature, first byte
    [InlineData(33, 7)] // signature, last byte
    [InlineData(68, 0)] // issueTs
    [InlineData(74, 3)] // expire: would stretch the lifetime
    [InlineData(76, 0)] // salt
    [InlineData(90, 1)] // login privilege expire
    [InlineData(95, 0)] // user id: 'e' becomes 'd'
    public void RefusesATokenWithOneBitFlipped(int offset, int bit)
    {
        var content = TokenBytes.Inflate(Token);
        content[offset] ^= (byte)(1 << bit);
        var tampered = TokenBytes.Deflate(content);

        Assert.Equal(RtmTokenCheck.BadSignature, RtmTokenVerifier.Check(tampered, Credentials, UserId, IssuedAt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86_400)]
    public void RefusesATokenAtItsExpiryAndAfter(int secondsAfterExpiry)
    {
        var check = RtmTokenVerifier.Check(Token, Credentials, UserId, ExpiresAt.AddSeconds(secondsAfterExpiry));

        Assert.Equal(RtmTokenCheck.Expired, check);
    }

    [Theory]
    [InlineData("teacher_43")]
    [InlineData("Teacher_42")]
    [InlineData("teacher_42 ")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesATokenPresentedForAnotherUser(string? uid)
    {
        Assert.Equal(RtmTokenCheck.UidMismatch, RtmTokenVerifier.Check(Token, Credentials, uid, IssuedAt));
    }

    [Fact]
    public async Task RefusesAValidTokenThatCarriesNoRtmService()
    {
        var inputs = new TokenInputs(Credentials.AppId, Credentials.AppCertificate, "", UserId, IssueTs, 77, Expire);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs, new OracleServiceSpec("rtc") { Channel = "room 1", Uid = UserId })]);

        var check = RtmTokenVerifier.Check(answers[0].Token, Credentials, UserId, IssuedAt);

        Assert.Equal(RtmTokenCheck.NoRtmService, check);
    }

    [Theory]
    [InlineData(299, RtmTokenCheck.Valid)]
    [InlineData(300, RtmTokenCheck.Expired)]
    [InlineData(301, RtmTokenCheck.Expired)]
    public async Task RefusesATokenOnceItsLoginPrivilegeEndsBeforeTheTokenDoes(int secondsAfterIssue, RtmTokenCheck expected)
    {
        var inputs = new TokenInputs(Credentials.AppId, Credentials.AppCertificate, "", UserId, IssueTs, 77, Expire);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs, OracleServiceSpec.Rtm(UserId) with { PrivilegeExpire = 300 })]);

        var check = RtmTokenVerifier.Check(answers[0].Token, Credentials, UserId, IssuedAt.AddSeconds(secondsAfterIssue));

        Assert.Equal(expected, check);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("007garbage")]
    [InlineData("006eJxTYOCdJftjyTM2zxW6Xhm")]
    public void RefusesAMalformedToken(string? token)
    {
        Assert.Equal(RtmTokenCheck.Malformed, RtmTokenVerifier.Check(token, Credentials, UserId, IssuedAt));
    }
}
