using System.Security.Cryptography;
using System.Text;
using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

/// <summary>
/// Our education tokens against agora-token's <c>EducationTokenBuilder</c> and <c>ApaasTokenBuilder</c>, both ways,
/// over random inputs: room and user uuids of 1 to 63 UTF-8 bytes (non-ASCII, spaces, punctuation), roles -1 to 4,
/// any issue second, salt and lifetime. Ours follow Agora's Go builder; where the Node builder differs (its room-user
/// token carries no APaaS privilege and turns role 0 into -1) the difference itself is asserted. A failure names the seed.
/// </summary>
public sealed class EducationTokenDifferentialTests
{
    const int Cases = 1000;
    static readonly string[] AgorasBuilders = ["EducationTokenBuilder", "ApaasTokenBuilder"];
    static readonly EducationTokenKind[] Kinds = [EducationTokenKind.RoomUser, EducationTokenKind.User, EducationTokenKind.App];

    [Fact]
    public async Task AgorasLibraryParsesAndVerifiesEveryEducationTokenWeBuild()
    {
        var seed = Random.Shared.Next();
        var tokens = EducationTokenInputs.Draw(new Random(seed), Cases)
            .SelectMany(c => Kinds.Select(kind => (Inputs: c, Kind: kind, Token: Ours(kind, c))))
            .ToArray();

        var answers = await NodeTokenOracle.AskAsync(
            [.. tokens.SelectMany(t => new[] { OracleRequest.Inspect(t.Token, t.Inputs.Token.Certificate), OracleRequest.Inspect(t.Token, t.Inputs.Token.OtherCertificate) })]);

        var mismatches = tokens.Select((t, i) =>
        {
            var (right, wrong) = (answers[2 * i], answers[2 * i + 1]);
            var c = t.Inputs.Token;
            var expected = ServiceText.Of(GoServices(t.Kind, t.Inputs));
            return right.Parsed && right.Verified && !wrong.Verified
                && right.AppId == c.AppId && right.IssueTs == c.IssueTs && right.Expire == c.Expire && right.Salt == c.Salt
                && ServiceText.Of(right.Services) == expected
                ? null
                : $"seed {seed}, token {i} ({t.Kind}): {t.Inputs} → {t.Token} read by agora-token as {right} [{ServiceText.Of(right.Services)}], "
                  + $"expected [{expected}]; wrong certificate verified: {wrong.Verified}";
        }).OfType<string>();

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task WeParseAndVerifyEveryEducationTokenAgorasBuildersBuild()
    {
        var seed = Random.Shared.Next();
        var requests = EveryBuilderAndKind(EducationTokenInputs.Draw(new Random(seed), Cases));

        var answers = await NodeTokenOracle.AskAsync([.. requests.Select(r => OracleRequest.BuildEducationToken(r.Builder, r.Kind, r.Inputs))]);

        var mismatches = requests.Select((r, i) =>
        {
            var theirs = answers[i].Token!;
            var c = r.Inputs.Token;
            var parsed = AccessToken2.TryParse(theirs, out var token, out var error) ? token : null;
            var expected = ServiceText.Of(NodeServices(r.Kind, r.Inputs));
            var grants = AgoraTokenVerifier.Verify(theirs, c.Credentials, DateTimeOffset.FromUnixTimeSeconds(c.IssueTs));
            return parsed is not null && parsed.VerifySignature(c.Certificate) && !parsed.VerifySignature(c.OtherCertificate)
                && parsed.AppId == c.AppId && parsed.IssueTs == c.IssueTs && parsed.Expire == c.Expire && parsed.Salt == c.Salt
                && ServiceText.Of(parsed.Services) == expected
                && GrantsWhatNodesTokenGrants(grants, r.Kind, r.Inputs)
                && (r.Kind == EducationTokenKind.RoomUser || TokenBytes.InflatedHex(Ours(r.Kind, r.Inputs)) == answers[i].InflatedHex)
                ? null
                : $"seed {seed}, request {i} ({r.Builder}, {r.Kind}): {r.Inputs} → agora-token built {theirs}; we read "
                  + $"{(parsed is null ? error : $"{parsed.AppId} {parsed.IssueTs} {parsed.Expire} {parsed.Salt} [{ServiceText.Of(parsed.Services)}]")}, "
                  + $"expected [{expected}]; app {grants.App()}, rtm {grants.RtmLogin(c.UserId)}, user {grants.User(c.UserId)}";
        }).OfType<string>();

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task WeAcceptEveryEducationTokenAgorasBuildersBuildWithTheirOwnClockAndSalt()
    {
        var seed = Random.Shared.Next();
        var requests = EveryBuilderAndKind(EducationTokenInputs.Draw(new Random(seed), Cases / 10));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var answers = await NodeTokenOracle.AskAsync([.. requests.Select(r => OracleRequest.BuildEducationToken(r.Builder, r.Kind, r.Inputs, pinned: false))]);

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var mismatches = requests.Select((r, i) =>
        {
            var token = answers[i].Token!;
            var parsed = AccessToken2.TryParse(token, out var read, out var error) ? read : null;
            var grants = AgoraTokenVerifier.Verify(token, r.Inputs.Token.Credentials, DateTimeOffset.FromUnixTimeSeconds(after));
            return parsed is not null && parsed.IssueTs >= before && parsed.IssueTs <= after && parsed.Expire == r.Inputs.Token.Expire
                && parsed.Salt is >= 1 and <= AccessToken2.MaxSalt && GrantsWhatNodesTokenGrants(grants, r.Kind, r.Inputs)
                ? null
                : $"seed {seed}, request {i} ({r.Builder}, {r.Kind}): {r.Inputs} → agora-token built {token}; we read "
                  + $"{(parsed is null ? error : $"{parsed.IssueTs} {parsed.Expire} {parsed.Salt}")}, status {grants.Status}";
        }).OfType<string>();

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData((short)0, (short)-1)]
    [InlineData((short)-1, (short)-1)]
    [InlineData((short)1, (short)1)]
    public async Task AgorasNodeRoomUserTokenCarriesNoApaasPrivilegeAndTurnsRole0IntoMinus1(short role, short nodeRole)
    {
        var inputs = new EducationTokenInputs(TokenInputs.Draw(new Random(role + 10)), "room 1", role);

        var answers = await NodeTokenOracle.AskAsync([.. AgorasBuilders.Select(b => OracleRequest.BuildEducationToken(b, EducationTokenKind.RoomUser, inputs))]);

        Assert.All(answers, answer =>
        {
            var apaas = AccessToken2.Parse(answer.Token!).Services.OfType<ApaasService>().Single();
            Assert.Empty(apaas.Privileges);
            Assert.Equal(nodeRole, apaas.Role);
        });
        var ours = AccessToken2.Parse(Ours(EducationTokenKind.RoomUser, inputs)).Services.OfType<ApaasService>().Single();
        Assert.Equal(role, ours.Role);
        Assert.Equal(KeyValuePair.Create(ApaasService.RoomUserPrivilege, inputs.Token.Expire), Assert.Single(ours.Privileges));
    }

    static (EducationTokenInputs Inputs, string Builder, EducationTokenKind Kind)[] EveryBuilderAndKind(EducationTokenInputs[] cases) =>
        [.. cases.SelectMany(c => AgorasBuilders.SelectMany(builder => Kinds.Select(kind => (c, builder, kind))))];

    static string Ours(EducationTokenKind kind, EducationTokenInputs inputs)
    {
        var c = inputs.Token;
        return kind switch
        {
            EducationTokenKind.RoomUser => EducationTokenBuilder.BuildRoomUserToken(c.AppId, c.Certificate, inputs.RoomUuid, c.UserId, inputs.Role, c.IssueTs, c.Salt, c.Expire),
            EducationTokenKind.User => EducationTokenBuilder.BuildUserToken(c.AppId, c.Certificate, c.UserId, c.IssueTs, c.Salt, c.Expire),
            _ => EducationTokenBuilder.BuildAppToken(c.AppId, c.Certificate, c.IssueTs, c.Salt, c.Expire),
        };
    }

    /// <summary>What Agora's Go builder puts in each kind of token, in the order a token packs them.</summary>
    static TokenService[] GoServices(EducationTokenKind kind, EducationTokenInputs inputs)
    {
        var (expire, user) = (inputs.Token.Expire, inputs.Token.UserId);
        return kind switch
        {
            EducationTokenKind.RoomUser =>
            [
                new RtmService(ServiceText.Privilege(RtmService.LoginPrivilege, expire), user),
                new ChatService(ServiceText.Privilege(ChatService.UserPrivilege, expire), Md5Hex(user)),
                new ApaasService(ServiceText.Privilege(ApaasService.RoomUserPrivilege, expire), inputs.RoomUuid, user, inputs.Role),
            ],
            EducationTokenKind.User => [new ApaasService(ServiceText.Privilege(ApaasService.UserPrivilege, expire), "", user, -1)],
            _ => [new ApaasService(ServiceText.Privilege(ApaasService.AppPrivilege, expire), "", "", -1)],
        };
    }

    /// <summary>The Go builder's services, but for the Node room-user token's APaaS service: no privilege, and role 0 as -1.</summary>
    static TokenService[] NodeServices(EducationTokenKind kind, EducationTokenInputs inputs)
    {
        var services = GoServices(kind, inputs);
        if (kind == EducationTokenKind.RoomUser)
        {
            services[^1] = new ApaasService(ServiceText.NoPrivileges, inputs.RoomUuid, inputs.Token.UserId, inputs.Role == 0 ? (short)-1 : inputs.Role);
        }
        return services;
    }

    /// <summary>
    /// An app token is an app token; a user token grants its user and nothing else; a Node room-user token lets its
    /// user log in to RTM, and without its APaaS privilege is no room-user grant here.
    /// </summary>
    static bool GrantsWhatNodesTokenGrants(AgoraTokenGrants grants, EducationTokenKind kind, EducationTokenInputs inputs)
    {
        var user = inputs.Token.UserId;
        return kind switch
        {
            EducationTokenKind.App => grants.App() == AgoraTokenCheck.Valid && grants.RtmLogin(user) == AgoraTokenCheck.NotGranted,
            EducationTokenKind.User => grants.User(user) == AgoraTokenCheck.Valid && grants.App() == AgoraTokenCheck.NotGranted
                && grants.RtmLogin(user) == AgoraTokenCheck.NotGranted,
            _ => grants.RtmLogin(user) == AgoraTokenCheck.Valid && grants.App() == AgoraTokenCheck.NotGranted
                && grants.RoomUser(inputs.RoomUuid, user, inputs.Role) == AgoraTokenCheck.NotGranted,
        };
    }

#pragma warning disable CA5351 // Agora names a classroom's chat users by this digest
    static string Md5Hex(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
#pragma warning restore CA5351
}
