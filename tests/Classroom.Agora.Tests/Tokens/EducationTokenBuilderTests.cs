using Classroom.Agora.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Agora.Tests.Tokens;

public sealed class EducationTokenBuilderTests
{
    const string AppId = "970CA35de60c44645bbae8a215061b33";
    const string Certificate = "5CFd2fd1755d40ecb72977518be15d3b";
    static readonly AgoraCredentials Credentials = new(AppId, Certificate);
    static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 15, 750, TimeSpan.Zero);

    [Fact]
    public void BuildsAgorasGoTestCaseAsAgorasGoBuilderDoes()
    {
        var token = EducationTokenBuilder.BuildRoomUserToken(AppId, Certificate, "123", "2882341273", 1, issueTs: 1111111, salt: 1, expireSeconds: 600);

        var parsed = AccessToken2.Parse(token);

        Assert.True(parsed.VerifySignature(Certificate));
        Assert.Equal((AppId, 1111111u, 600u, 1u), (parsed.AppId, parsed.IssueTs, parsed.Expire, parsed.Salt));
        Assert.Equal("2882341273", parsed.RtmUserId);
        Assert.Equal(ChatService.ClassroomUserId("2882341273"), parsed.Services.OfType<ChatService>().Single().UserId);
        var apaas = parsed.Services.OfType<ApaasService>().Single();
        Assert.Equal(("123", "2882341273", (short)1), (apaas.RoomUuid, apaas.UserUuid, apaas.Role));
        Assert.All(parsed.Services, s => Assert.Equal(KeyValuePair.Create((ushort)1, 600u), Assert.Single(s.Privileges)));
    }

    [Theory]
    [InlineData("u1", "e4774cdda0793f86414e8b9140bb6db4")]
    [InlineData("é", "66ddcd97cfdeabb2f6fb8a999b4bc76f")]
    [InlineData("中文 😀", "ef6b6993d1ec675a9ec989732ee1ca13")]
    [InlineData("a b#$%", "4cc0efc7dba622533eaf46f74a794e4b")]
    public void NamesTheChatUserByTheLowerCaseHexMd5OfTheUserUuid(string userUuid, string md5Hex)
    {
        var token = EducationTokenBuilder.BuildRoomUserToken(AppId, Certificate, "room", userUuid, 2, 1111111, 1, 600);

        Assert.Equal(md5Hex, ChatService.ClassroomUserId(userUuid));
        Assert.Equal(md5Hex, AccessToken2.Parse(token).Services.OfType<ChatService>().Single().UserId);
    }

    [Fact]
    public void MintsEachKindStampedWithTheClocksWholeSecondTheSaltAndTheLifetime()
    {
        var builder = new EducationTokenBuilder(new FakeTimeProvider(Now), () => 4242);

        var minted = new[]
        {
            builder.RoomUserToken(Credentials, "room 1", "student 7 · Zoë", 2, TimeSpan.FromMinutes(10)),
            builder.UserToken(Credentials, "student 7 · Zoë", TimeSpan.FromMinutes(10)),
            builder.AppToken(Credentials, TimeSpan.FromMinutes(10)),
        };

        Assert.All(minted, token =>
        {
            var parsed = AccessToken2.Parse(token.Token);
            Assert.True(parsed.VerifySignature(Certificate));
            Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.Zero), token.IssuedAt);
            Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 40, 15, TimeSpan.Zero), token.ExpiresAt);
            Assert.Equal((token.IssuedAt, token.ExpiresAt, 4242u), (parsed.IssuedAt, parsed.ExpiresAt, parsed.Salt));
        });
        Assert.Equal(
            [
                ("room 1", "student 7 · Zoë", (short)2, ApaasService.RoomUserPrivilege, 600u),
                ("", "student 7 · Zoë", (short)-1, ApaasService.UserPrivilege, 600u),
                ("", "", (short)-1, ApaasService.AppPrivilege, 600u),
            ],
            minted.Select(m => AccessToken2.Parse(m.Token).Services.OfType<ApaasService>().Single())
                .Select(a => (a.RoomUuid, a.UserUuid, a.Role, a.Privileges.Single().Key, a.Privileges.Single().Value)));
    }

    [Fact]
    public void PacksTheRoomUserTokensServicesInAscendingTypeOrderEachWithItsOnePrivilege()
    {
        var parsed = AccessToken2.Parse(EducationTokenBuilder.BuildRoomUserToken(AppId, Certificate, "r", "u", 0, 1111111, 1, 3600));

        Assert.Equal([TokenService.RtmType, TokenService.ChatType, TokenService.ApaasType], parsed.Services.Select(s => s.Type));
        Assert.Equal(
            [(RtmService.LoginPrivilege, 3600u), (ChatService.UserPrivilege, 3600u), (ApaasService.RoomUserPrivilege, 3600u)],
            parsed.Services.Select(s => Assert.Single(s.Privileges)).Select(p => (p.Key, p.Value)));
        Assert.Equal(0, parsed.Services.OfType<ApaasService>().Single().Role);
    }

    [Theory]
    [InlineData((short)-2)]
    [InlineData((short)5)]
    [InlineData(short.MaxValue)]
    public void RefusesARoleOutsideAgorasMinus1To4(short role)
    {
        var builder = new EducationTokenBuilder(TimeProvider.System);

        var refusals = new[]
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => EducationTokenBuilder.BuildRoomUserToken(AppId, Certificate, "r", "u", role, 1, 1, 600)),
            Assert.Throws<ArgumentOutOfRangeException>(() => builder.RoomUserToken(Credentials, "r", "u", role, TimeSpan.FromMinutes(10))),
        };

        Assert.All(refusals, refusal => Assert.Equal("role", refusal.ParamName));
    }

    [Theory]
    [InlineData((short)-1)]
    [InlineData((short)4)]
    public void AcceptsTheRoleBounds(short role)
    {
        var token = EducationTokenBuilder.BuildRoomUserToken(AppId, Certificate, "r", "u", role, 1, 1, 600);

        Assert.Equal(role, AccessToken2.Parse(token).Services.OfType<ApaasService>().Single().Role);
    }

    public static TheoryData<string> UnacceptableIds => ["", new string('x', 64), new string('a', 62) + "é", "lone \uD83D surrogate"];

    [Theory]
    [MemberData(nameof(UnacceptableIds))]
    public void RefusesAnEmptyRoomOrUserUuidOrOneOf64Utf8BytesOrMore(string id)
    {
        var builder = new EducationTokenBuilder(TimeProvider.System);
        var lifetime = TimeSpan.FromMinutes(10);

        Assert.Equal("roomUuid", Assert.Throws<ArgumentException>(() => builder.RoomUserToken(Credentials, id, "u", 1, lifetime)).ParamName);
        Assert.Equal("userUuid", Assert.Throws<ArgumentException>(() => builder.RoomUserToken(Credentials, "r", id, 1, lifetime)).ParamName);
        Assert.Equal("userUuid", Assert.Throws<ArgumentException>(() => builder.UserToken(Credentials, id, lifetime)).ParamName);
        Assert.Equal("userUuid", Assert.Throws<ArgumentException>(() => EducationTokenBuilder.BuildUserToken(AppId, Certificate, id, 1, 1, 600)).ParamName);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(60.5)]
    [InlineData(86_401)]
    public void RefusesALifetimeThatIsNotAWholeNumberOfSecondsFrom60To86400(double seconds)
    {
        var builder = new EducationTokenBuilder(TimeProvider.System);
        var lifetime = TimeSpan.FromSeconds(seconds);

        var refusals = new[]
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => builder.RoomUserToken(Credentials, "r", "u", 1, lifetime)),
            Assert.Throws<ArgumentOutOfRangeException>(() => builder.UserToken(Credentials, "u", lifetime)),
            Assert.Throws<ArgumentOutOfRangeException>(() => builder.AppToken(Credentials, lifetime)),
        };

        Assert.All(refusals, refusal => Assert.Equal("lifetime", refusal.ParamName));
    }

    [Fact]
    public void RefusesAnAppIdOrCertificateThatIsNot32HexDigitsWithoutRepeatingIt()
    {
        const string notHex = "5CFd2fd1755d40ecb72977518be15d3g";

        var refusals = new[]
        {
            (Assert.Throws<ArgumentException>(() => EducationTokenBuilder.BuildAppToken(notHex, Certificate, 1, 1, 600)), "appId"),
            (Assert.Throws<ArgumentException>(() => EducationTokenBuilder.BuildAppToken(AppId, notHex, 1, 1, 600)), "appCertificate"),
            (Assert.Throws<ArgumentException>(() => EducationTokenBuilder.BuildUserToken(AppId, notHex, "u", 1, 1, 600)), "appCertificate"),
            (Assert.Throws<ArgumentException>(() => EducationTokenBuilder.BuildRoomUserToken(AppId, notHex, "r", "u", 1, 1, 1, 600)), "appCertificate"),
        };

        Assert.All(refusals, r => Assert.Equal(r.Item2, r.Item1.ParamName));
        Assert.All(refusals, r => Assert.DoesNotContain(notHex, r.Item1.Message, StringComparison.OrdinalIgnoreCase));
    }
}
