using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

public sealed class AgoraTokenVerifierTests
{
    const string Room = "room 1";
    const string User = "student 7 · Zoë";
    const uint IssueTs = 1_780_000_000;
    const uint Expire = 600;
    static readonly AgoraCredentials Credentials = new("970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b");
    static readonly DateTimeOffset IssuedAt = DateTimeOffset.FromUnixTimeSeconds(IssueTs);
    static readonly string AppToken = EducationTokenBuilder.BuildAppToken(Credentials.AppId, Credentials.AppCertificate, IssueTs, 77, Expire);
    static readonly string UserToken = EducationTokenBuilder.BuildUserToken(Credentials.AppId, Credentials.AppCertificate, User, IssueTs, 77, Expire);
    static readonly string RoomUserToken = EducationTokenBuilder.BuildRoomUserToken(Credentials.AppId, Credentials.AppCertificate, Room, User, 2, IssueTs, 77, Expire);
    static readonly string RtmToken = RtmTokenBuilder.Build(Credentials.AppId, Credentials.AppCertificate, User, IssueTs, 77, Expire);

    [Theory]
    [InlineData(0)]
    [InlineData(599)]
    public void AnAppTokenIsAnAppTokenUntilItExpires(int secondsAfterIssue)
    {
        var grants = AgoraTokenVerifier.Verify(AppToken, Credentials, IssuedAt.AddSeconds(secondsAfterIssue));

        Assert.Equal(AgoraTokenCheck.Valid, grants.Status);
        Assert.Equal(AgoraTokenCheck.Valid, grants.App());
    }

    [Theory]
    [InlineData(600)]
    [InlineData(86_400)]
    public void NoTokenGrantsAnythingAtItsExpiryOrAfter(int secondsAfterIssue)
    {
        var now = IssuedAt.AddSeconds(secondsAfterIssue);

        Assert.Equal(AgoraTokenCheck.Expired, AgoraTokenVerifier.Verify(AppToken, Credentials, now).App());
        Assert.Equal(AgoraTokenCheck.Expired, AgoraTokenVerifier.Verify(RoomUserToken, Credentials, now).RtmLogin(User));
        Assert.Equal(AgoraTokenCheck.Expired, AgoraTokenVerifier.Verify(RoomUserToken, Credentials, now).RoomUser(Room, User, 2));
        Assert.Equal(AgoraTokenCheck.Expired, AgoraTokenVerifier.Verify(UserToken, Credentials, now).User(User));
    }

    public static TheoryData<string, string> TokensThatAreNoAppToken => new()
    {
        { "user", UserToken },
        { "room-user", RoomUserToken },
        { "RTM", RtmToken },
    };

    [Theory]
    [MemberData(nameof(TokensThatAreNoAppToken))]
    public void NoOtherKindOfTokenIsAnAppToken(string kind, string token)
    {
        var grants = AgoraTokenVerifier.Verify(token, Credentials, IssuedAt);

        Assert.True(grants.Status == AgoraTokenCheck.Valid, kind);
        Assert.Equal(AgoraTokenCheck.NotGranted, grants.App());
    }

    [Fact]
    public void ARoomUserTokenLetsItsUserLogInToRtmAndNobodyElse()
    {
        var grants = AgoraTokenVerifier.Verify(RoomUserToken, Credentials, IssuedAt);

        Assert.Equal(AgoraTokenCheck.Valid, grants.RtmLogin(User));
        Assert.Equal(AgoraTokenCheck.Mismatch, grants.RtmLogin("student 8"));
        Assert.Equal(AgoraTokenCheck.Mismatch, grants.RtmLogin(null));
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(RoomUserToken, Credentials, User, IssuedAt));
    }

    [Theory]
    [InlineData(Room, User, 2, AgoraTokenCheck.Valid)]
    [InlineData("room 2", User, 2, AgoraTokenCheck.Mismatch)]
    [InlineData(Room, "student 8", 2, AgoraTokenCheck.Mismatch)]
    [InlineData(Room, User, 1, AgoraTokenCheck.Mismatch)]
    [InlineData("Room 1", User, 2, AgoraTokenCheck.Mismatch)]
    public void ARoomUserTokenGrantsItsRoomUserAndRoleOnly(string room, string user, short role, AgoraTokenCheck expected)
    {
        var grants = AgoraTokenVerifier.Verify(RoomUserToken, Credentials, IssuedAt);

        Assert.Equal(expected, grants.RoomUser(room, user, role));
    }

    [Fact]
    public void NeitherAUserNorAnRtmTokenIsARoomUserToken()
    {
        Assert.Equal(AgoraTokenCheck.NotGranted, AgoraTokenVerifier.Verify(UserToken, Credentials, IssuedAt).RoomUser(Room, User, 2));
        Assert.Equal(AgoraTokenCheck.NotGranted, AgoraTokenVerifier.Verify(RtmToken, Credentials, IssuedAt).RoomUser(Room, User, 2));
    }

    [Fact]
    public void AUserTokenGrantsItsUserAndNoRtmLogin()
    {
        var grants = AgoraTokenVerifier.Verify(UserToken, Credentials, IssuedAt);

        Assert.Equal(AgoraTokenCheck.Valid, grants.User(User));
        Assert.Equal(AgoraTokenCheck.Mismatch, grants.User("student 8"));
        Assert.Equal(AgoraTokenCheck.NotGranted, grants.RtmLogin(User));
        Assert.Equal(RtmTokenCheck.NoRtmService, RtmTokenVerifier.Check(UserToken, Credentials, User, IssuedAt));
    }

    [Fact]
    public void ATokenOfAnotherAppOrCertificateOrNoTokenAtAllGrantsNothing()
    {
        var otherApp = new AgoraCredentials("870CA35de60c44645bbae8a215061b33", Credentials.AppCertificate);
        var otherCertificate = new AgoraCredentials(Credentials.AppId, "5CFd2fd1755d40ecb72977518be15d3c");

        var refusals = new[]
        {
            (AgoraTokenVerifier.Verify(AppToken, otherApp, IssuedAt), AgoraTokenCheck.ForeignAppId),
            (AgoraTokenVerifier.Verify(AppToken, otherCertificate, IssuedAt), AgoraTokenCheck.BadSignature),
            (AgoraTokenVerifier.Verify(null, Credentials, IssuedAt), AgoraTokenCheck.Malformed),
            (AgoraTokenVerifier.Verify("007eJx", Credentials, IssuedAt), AgoraTokenCheck.Malformed),
        };

        Assert.All(refusals, r =>
        {
            var (grants, expected) = r;
            Assert.Equal(expected, grants.Status);
            Assert.Equal([expected, expected, expected, expected], [grants.App(), grants.RtmLogin(User), grants.RoomUser(Room, User, 2), grants.User(User)]);
        });
    }

    [Fact]
    public void AnAppTokenWithOneBitFlippedIsRefused()
    {
        var content = TokenBytes.Inflate(AppToken);
        content[^1] ^= 0x01; // the role

        var grants = AgoraTokenVerifier.Verify(TokenBytes.Deflate(content), Credentials, IssuedAt);

        Assert.Equal(AgoraTokenCheck.BadSignature, grants.App());
    }

    [Theory]
    [InlineData(299, AgoraTokenCheck.Valid)]
    [InlineData(300, AgoraTokenCheck.Expired)]
    public async Task AnAppPrivilegeThatEndsBeforeTheTokenEndsThen(int secondsAfterIssue, AgoraTokenCheck expected)
    {
        var inputs = new TokenInputs(Credentials.AppId, Credentials.AppCertificate, "", User, IssueTs, 77, Expire);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs,
            new OracleServiceSpec("apaas") { RoomUuid = "", UserUuid = "", Role = -1, Privilege = ApaasService.AppPrivilege, PrivilegeExpire = 300 })]);

        var grants = AgoraTokenVerifier.Verify(answers[0].Token, Credentials, IssuedAt.AddSeconds(secondsAfterIssue));

        Assert.Equal(AgoraTokenCheck.Valid, grants.Status);
        Assert.Equal(expected, grants.App());
    }

    /// <summary>Agora's builders take any expire; Agora's maximum is 24 hours from the issue, which ends a longer token.</summary>
    [Theory]
    [InlineData(86_399, AgoraTokenCheck.Valid)]
    [InlineData(86_400, AgoraTokenCheck.Expired)]
    public async Task ATokenBuiltToOutliveAgorasMaximumEndsAt24Hours(int secondsAfterIssue, AgoraTokenCheck expected)
    {
        const uint TwoDays = 172_800;
        var inputs = new TokenInputs(Credentials.AppId, Credentials.AppCertificate, "", User, IssueTs, 77, TwoDays);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs,
            new OracleServiceSpec("apaas") { RoomUuid = "", UserUuid = "", Role = -1, Privilege = ApaasService.AppPrivilege, PrivilegeExpire = TwoDays })]);

        var grants = AgoraTokenVerifier.Verify(answers[0].Token, Credentials, IssuedAt.AddSeconds(secondsAfterIssue));

        Assert.Equal(expected, grants.Status);
        Assert.Equal(expected, grants.App());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3600u)]
    public async Task AnAppPrivilegeThatWouldOutliveItsTokenEndsWithIt(uint privilegeSeconds)
    {
        var inputs = new TokenInputs(Credentials.AppId, Credentials.AppCertificate, "", User, IssueTs, 77, Expire);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs,
            new OracleServiceSpec("apaas") { RoomUuid = "", UserUuid = "", Role = -1, Privilege = ApaasService.AppPrivilege, PrivilegeExpire = privilegeSeconds })]);

        var before = AgoraTokenVerifier.Verify(answers[0].Token, Credentials, IssuedAt.AddSeconds(Expire - 1));
        var at = AgoraTokenVerifier.Verify(answers[0].Token, Credentials, IssuedAt.AddSeconds(Expire));

        Assert.Equal(AgoraTokenCheck.Valid, before.App());
        Assert.Equal(AgoraTokenCheck.Expired, at.App());
    }

    [Fact]
    public async Task AnRtmServiceWithoutTheLoginPrivilegeGrantsNoLogin()
    {
        var inputs = new TokenInputs(Credentials.AppId, Credentials.AppCertificate, "", User, IssueTs, 77, Expire);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs, OracleServiceSpec.Rtm(User) with { Privilege = 2 })]);

        var grants = AgoraTokenVerifier.Verify(answers[0].Token, Credentials, IssuedAt);

        Assert.Equal(AgoraTokenCheck.Valid, grants.Status);
        Assert.Equal(AgoraTokenCheck.NotGranted, grants.RtmLogin(User));
    }
}
