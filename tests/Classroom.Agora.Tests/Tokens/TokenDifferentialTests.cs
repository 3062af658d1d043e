using System.Text;
using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

/// <summary>
/// Our tokens against Agora's own npm library, both ways, over random inputs: user ids of 1 to 63 UTF-8 bytes
/// with non-ASCII characters, any issue second, salt and lifetime Agora allows. A failure names the seed.
/// </summary>
public sealed class TokenDifferentialTests
{
    const int Cases = 1000;

    [Fact]
    public async Task AgorasLibraryParsesAndVerifiesEveryTokenWeBuild()
    {
        var seed = Random.Shared.Next();
        var cases = TokenInputs.Draw(new Random(seed), Cases);
        var tokens = cases.Select(c => RtmTokenBuilder.Build(c.AppId, c.Certificate, c.UserId, c.IssueTs, c.Salt, c.Expire)).ToArray();

        var answers = await NodeTokenOracle.AskAsync(
            [.. cases.SelectMany((c, i) => new[] { OracleRequest.Inspect(tokens[i], c.Certificate), OracleRequest.Inspect(tokens[i], c.OtherCertificate) })]);

        var mismatches = cases.Select((c, i) =>
        {
            var (right, wrong) = (answers[2 * i], answers[2 * i + 1]);
            var service = right.Services is [var only] ? only : null;
            return right.Parsed && right.Verified && !wrong.Verified
                && right.AppId == c.AppId && right.IssueTs == c.IssueTs && right.Expire == c.Expire && right.Salt == c.Salt
                && service is { Type: TokenService.RtmType } && service.UserId == c.UserId && service.UserIdHex == Utf8Hex(c.UserId)
                && service.Privileges.Count == 1 && service.Privileges.GetValueOrDefault("1") == c.Expire
                ? null
                : $"seed {seed}, case {i}: {c} → {tokens[i]} read by agora-token as {right}, services [{string.Join(", ", right.Services ?? [])}], wrong certificate verified: {wrong.Verified}";
        }).OfType<string>();

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task WeParseAndVerifyEveryTokenAgorasLibraryBuildsAndBuildTheSameBytes()
    {
        var seed = Random.Shared.Next();
        var cases = TokenInputs.Draw(new Random(seed), Cases);

        var answers = await NodeTokenOracle.AskAsync([.. cases.Select(c => OracleRequest.Build(c, OracleServiceSpec.Rtm(c.UserId)))]);

        var mismatches = cases.Select((c, i) =>
        {
            var theirs = answers[i].Token!;
            var parsed = AccessToken2.TryParse(theirs, out var token, out var error) ? token : null;
            var ours = RtmTokenBuilder.Build(c.AppId, c.Certificate, c.UserId, c.IssueTs, c.Salt, c.Expire);
            return parsed is not null && parsed.VerifySignature(c.Certificate) && !parsed.VerifySignature(c.OtherCertificate)
                && parsed.AppId == c.AppId && parsed.IssueTs == c.IssueTs && parsed.Expire == c.Expire && parsed.Salt == c.Salt
                && parsed.Services is [RtmService { Privileges: { Count: 1 } privileges } rtm]
                && rtm.UserId == c.UserId && privileges.GetValueOrDefault(RtmService.LoginPrivilege) == c.Expire
                && TokenBytes.InflatedHex(ours) == answers[i].InflatedHex
                ? null
                : $"seed {seed}, case {i}: {c} → agora-token built {theirs}; we read {(parsed is null ? error : $"{parsed.AppId} {parsed.IssueTs} {parsed.Expire} {parsed.Salt} [{string.Join(", ", parsed.Services)}]")}; we built {TokenBytes.InflatedHex(ours)}";
        }).OfType<string>();

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task WeAcceptEveryTokenFromAgorasRtmTokenBuilderWithItsOwnClockAndSalt()
    {
        var seed = Random.Shared.Next();
        var cases = TokenInputs.Draw(new Random(seed), Cases);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var answers = await NodeTokenOracle.AskAsync([.. cases.Select(OracleRequest.BuildRtmToken)]);

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var mismatches = cases.Select((c, i) =>
        {
            var token = answers[i].Token!;
            var parsed = AccessToken2.TryParse(token, out var read, out var error) ? read : null;
            return parsed is not null && !parsed.VerifySignature(c.OtherCertificate)
                && RtmTokenVerifier.Check(token, c.Credentials, c.UserId, DateTimeOffset.FromUnixTimeSeconds(after)) == RtmTokenCheck.Valid
                && parsed.IssueTs >= before && parsed.IssueTs <= after && parsed.Expire == c.Expire
                && parsed.Salt is >= 1 and <= RtmTokenBuilder.MaxSalt && parsed.RtmUserId == c.UserId
                ? null
                : $"seed {seed}, case {i}: {c} → agora-token built {token}; we read {(parsed is null ? error : $"{parsed.IssueTs} {parsed.Expire} {parsed.Salt} {parsed.RtmUserId}")}";
        }).OfType<string>();

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(600)]
    public async Task WeVerifyAgorasClassroomTokensThatCarrySeveralServices(int channelLength)
    {
        var inputs = TokenInputs.Draw(new Random(channelLength));
        var channel = new string('c', channelLength);
        var answers = await NodeTokenOracle.AskAsync([OracleRequest.Build(inputs,
            new OracleServiceSpec("apaas") { RoomUuid = "room 1", UserUuid = inputs.UserId, Role = 1 },
            new OracleServiceSpec("chat") { UserId = inputs.UserId },
            OracleServiceSpec.Rtm(inputs.UserId),
            new OracleServiceSpec("rtc") { Channel = channel, Uid = "42" })]);

        var parsed = AccessToken2.Parse(answers[0].Token!);

        Assert.True(parsed.VerifySignature(inputs.Certificate));
        Assert.False(parsed.VerifySignature(inputs.OtherCertificate));
        Assert.Equal([TokenService.RtcType, TokenService.RtmType, TokenService.ChatType, TokenService.ApaasType], parsed.Services.Select(s => s.Type));
        Assert.Equal(new RtcService(parsed.Services[0].Privileges, channel, "42"), parsed.Services[0]);
        Assert.Equal(inputs.UserId, parsed.RtmUserId);
        Assert.Equal(("room 1", inputs.UserId, (short)1), parsed.Services.OfType<ApaasService>().Select(a => (a.RoomUuid, a.UserUuid, a.Role)).Single());
        Assert.All(parsed.Services, s => Assert.Equal(inputs.Expire, s.Privileges[1]));
    }

    static string Utf8Hex(string value) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));
}
