using System.Net.Http.Headers;
using Classroom.Agora;
using Classroom.Agora.Tokens;

namespace Classroom.Emulator.Tests;

/// <summary>
/// <c>Emulator:Credentials</c>: <c>Any</c> (default) takes an app token, or a token that lets <c>x-agora-uid</c> log in
/// to RTM; <c>App</c> takes app tokens only. Every refusal is Agora's 401 <c>{"message":"invalid token"}</c>.
/// </summary>
public sealed class CredentialsTests
{
    const string Room = "credentials-room";
    const string AppTokensOnly = "--Emulator:Credentials=App";

    [Theory]
    [InlineData]
    [InlineData(AppTokensOnly)]
    public async Task AcceptsAnAppTokenInXAgoraTokenWithoutAUid(params string[] args)
    {
        await using var emulator = await RunningEmulator.StartAsync(args);

        var response = await emulator.ClientWith(AppToken(emulator), uid: null).PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Success(response);
    }

    [Theory]
    [InlineData]
    [InlineData(AppTokensOnly)]
    public async Task AcceptsAnAppTokenInAuthorizationAgoraTokenAlone(params string[] args)
    {
        await using var emulator = await RunningEmulator.StartAsync(args);

        var response = await AuthorizationOnly(emulator, AppToken(emulator)).PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Success(response);
    }

    [Fact]
    public async Task AcceptsARoomUserTokenForItsUidByDefault()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = Education(emulator).RoomUserToken(AgoraSandbox.Credentials, Room, "teacher-1", 1, TimeSpan.FromHours(1)).Token;

        var response = await emulator.ClientWith(token, "teacher-1").PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Success(response);
    }

    [Fact]
    public async Task RefusesARoomUserTokenPresentedForAnotherUidByDefault()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = Education(emulator).RoomUserToken(AgoraSandbox.Credentials, Room, "student-9", 2, TimeSpan.FromHours(1)).Token;

        var response = await emulator.ClientWith(token, "teacher-1").PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(false, "")]
    [InlineData(true, null)]
    [InlineData(true, "")]
    public async Task RefusesAnRtmOrRoomUserTokenForTheEmptyUserIdWithoutAUid(bool roomUser, string? uid)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = TokenForTheEmptyUserId(emulator, roomUser);

        var response = await emulator.ClientWith(token, uid).GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Theory]
    [InlineData]
    [InlineData(AppTokensOnly)]
    public async Task RefusesAUserTokenEvenForItsOwnUid(params string[] args)
    {
        await using var emulator = await RunningEmulator.StartAsync(args);
        var token = Education(emulator).UserToken(AgoraSandbox.Credentials, "teacher-1", TimeSpan.FromHours(1)).Token;

        var response = await emulator.ClientWith(token, "teacher-1").PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Fact]
    public async Task RefusesARoomUserOrRtmTokenForItsOwnUidWhenOnlyAppTokensAreTaken()
    {
        await using var emulator = await RunningEmulator.StartAsync(AppTokensOnly);
        var roomUser = Education(emulator).RoomUserToken(AgoraSandbox.Credentials, Room, "teacher-1", 1, TimeSpan.FromHours(1)).Token;

        var withRoomUser = await emulator.ClientWith(roomUser, "teacher-1").PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);
        var withRoomUserInAuthorization = await AuthorizationOnly(emulator, roomUser, "teacher-1").GetAsync(emulator.PollPath, RunningEmulator.Ct);
        var withRtm = await emulator.ClientFor("teacher-1").GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(withRoomUser);
        await Expect.Unauthorized(withRoomUserInAuthorization);
        await Expect.Unauthorized(withRtm);
    }

    [Theory]
    [InlineData]
    [InlineData(AppTokensOnly)]
    public async Task RefusesAnAppTokenOnceItExpired(params string[] args)
    {
        await using var emulator = await RunningEmulator.StartAsync(args);
        var client = emulator.ClientWith(Education(emulator).AppToken(AgoraSandbox.Credentials, TimeSpan.FromMinutes(1)).Token, uid: null);
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromSeconds(60));
        var response = await client.GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Theory]
    [InlineData]
    [InlineData(AppTokensOnly)]
    public async Task RefusesAnAppTokenOfAnotherAppId(params string[] args)
    {
        await using var emulator = await RunningEmulator.StartAsync(args);
        var other = new AgoraCredentials("0123456789abcdef0123456789abcdef", AgoraSandbox.AppCertificate);

        var response = await emulator.ClientWith(AppToken(emulator, other), uid: null).GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Theory]
    [InlineData]
    [InlineData(AppTokensOnly)]
    public async Task RefusesAnAppTokenSignedWithAnotherCertificate(params string[] args)
    {
        await using var emulator = await RunningEmulator.StartAsync(args);
        var forged = new AgoraCredentials(AgoraSandbox.AppId, "0123456789abcdef0123456789abcdef");

        var response = await AuthorizationOnly(emulator, AppToken(emulator, forged)).GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Fact]
    public async Task AcceptsAgorasOwnAppTokenAndRefusesItsRtmTokenWhenOnlyAppTokensAreTaken()
    {
        await using var emulator = await RunningEmulator.StartAsync(AppTokensOnly);
        emulator.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        var app = await AgoraTokenOracle.BuildAppTokenAsync(AgoraSandbox.AppId, AgoraSandbox.AppCertificate, 600);
        var rtm = await AgoraTokenOracle.BuildRtmTokenAsync(AgoraSandbox.AppId, AgoraSandbox.AppCertificate, "teacher-1", 600);

        await Expect.Success(await AuthorizationOnly(emulator, app).PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct));
        await Expect.Unauthorized(await emulator.ClientWith(rtm, "teacher-1").GetAsync(emulator.PollPath, RunningEmulator.Ct));
    }

    static EducationTokenBuilder Education(RunningEmulator emulator) => new(emulator.Clock);

    static string AppToken(RunningEmulator emulator, AgoraCredentials? credentials = null) =>
        Education(emulator).AppToken(credentials ?? AgoraSandbox.Credentials, TimeSpan.FromHours(1)).Token;

    /// <summary>A token whose RTM user id is "": Agora's library signs one, where our builders refuse the empty id.</summary>
    static string TokenForTheEmptyUserId(RunningEmulator emulator, bool roomUser)
    {
        const uint lifetime = 3600;
        TokenService[] services = roomUser
            ? EducationTokenBuilder.RoomUserServices(Room, "", 1, lifetime)
            : [new RtmService(TokenService.Grant(RtmService.LoginPrivilege, lifetime), "")];
        return AccessToken2Writer.Write(AgoraSandbox.AppId, AgoraSandbox.AppCertificate,
            (uint)emulator.Clock.GetUtcNow().ToUnixTimeSeconds(), salt: 1, lifetime, services);
    }

    /// <summary>A client that sends the token only as <c>Authorization: agora token="…"</c>, as Agora's current reference does.</summary>
    static HttpClient AuthorizationOnly(RunningEmulator emulator, string token, string? uid = null)
    {
        var client = emulator.ClientWith(token: null, uid);
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse($"agora token=\"{token}\"");
        return client;
    }
}
