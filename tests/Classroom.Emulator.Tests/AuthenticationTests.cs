using System.Net.Http.Headers;
using Classroom.Agora;
using Classroom.Agora.Tokens;

namespace Classroom.Emulator.Tests;

public sealed class AuthenticationTests
{
    const string Room = "auth-room";

    [Fact]
    public async Task AcceptsATokenInXAgoraTokenForItsUid()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor("teacher-1").PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Success(response);
    }

    [Fact]
    public async Task AcceptsTheTokenInAuthorizationAgoraToken()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = new RtmTokenBuilder(emulator.Clock).Build(AgoraSandbox.Credentials, "teacher-1", TimeSpan.FromHours(1)).Token;
        var client = emulator.ClientWith(token: null, uid: "teacher-1");
        client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse($"agora token=\"{token}\"");

        var response = await client.PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Success(response);
    }

    [Fact]
    public async Task RefusesATokenSignedWithAnotherCertificate()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var forged = new AgoraCredentials(AgoraSandbox.AppId, "0123456789abcdef0123456789abcdef");

        var response = await emulator.ClientFor("teacher-1", forged).PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Fact]
    public async Task RefusesATokenOfAnotherAppId()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var other = new AgoraCredentials("0123456789abcdef0123456789abcdef", AgoraSandbox.AppCertificate);

        var response = await emulator.ClientFor("teacher-1", other).PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Fact]
    public async Task RefusesATokenOnceItExpired()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor("teacher-1", lifetime: TimeSpan.FromMinutes(1));
        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromSeconds(60));
        var response = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", Room), null, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Fact]
    public async Task RefusesATokenBuiltForAnotherUid()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = new RtmTokenBuilder(emulator.Clock).Build(AgoraSandbox.Credentials, "student-9", TimeSpan.FromHours(1)).Token;

        var response = await emulator.ClientWith(token, "teacher-1").PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task RefusesARequestMissingTheTokenOrTheUid(bool sendToken, bool sendUid)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = new RtmTokenBuilder(emulator.Clock).Build(AgoraSandbox.Credentials, "teacher-1", TimeSpan.FromHours(1)).Token;

        var response = await emulator.ClientWith(sendToken ? token : null, sendUid ? "teacher-1" : null)
            .PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("007AAAA")]
    public async Task RefusesMalformedTokens(string token)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientWith(token, "teacher-1").GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }

    [Fact]
    public async Task RefusesAForeignAppIdInThePathEvenWithAValidToken()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor("teacher-1");

        var rooms = await client.PostAsync("/edu/apps/0123456789abcdef0123456789abcdef/v2/rooms/r1", Json.Room(), RunningEmulator.Ct);
        var polling = await client.GetAsync("/edu/polling/apps/0123456789abcdef0123456789abcdef/v2/rooms/sequences", RunningEmulator.Ct);

        await Expect.Unauthorized(rooms, "invalid appId");
        await Expect.Unauthorized(polling, "invalid appId");
    }

    [Fact]
    public async Task AnswersAuthenticationBeforeLookingAtIdsOrBodies()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var stranger = emulator.ClientWith("not-a-token", "teacher-1");

        var badId = await stranger.PostAsync(emulator.Path("/v2/rooms/{0}", "a/b"), Json.Room(), RunningEmulator.Ct);
        var badBody = await stranger.PostAsync(emulator.Path("/v2/rooms/{0}", "r"), Json.Raw("{not json"), RunningEmulator.Ct);

        await Expect.Unauthorized(badId);
        await Expect.Unauthorized(badBody);
    }

    [Fact]
    public async Task AcceptsTokensBuiltByAgorasOwnLibrary()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        emulator.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        const string uid = "student 7#b";
        var token = await AgoraTokenOracle.BuildRtmTokenAsync(AgoraSandbox.AppId, AgoraSandbox.AppCertificate, uid, 600);
        var client = emulator.ClientWith(token, uid);

        await Expect.Success(await client.PostAsync(emulator.Path("/v2/rooms/{0}", Room), Json.Room(), RunningEmulator.Ct));
        await Expect.Unauthorized(await emulator.ClientWith(token, "someone else").GetAsync(emulator.PollPath, RunningEmulator.Ct));

        emulator.Clock.Advance(TimeSpan.FromSeconds(700)); // past issueTs + 600 even if node took seconds to start
        await Expect.Unauthorized(await client.GetAsync(emulator.PollPath, RunningEmulator.Ct));
    }

    [Fact]
    public async Task RefusesAgoraLibraryTokensSignedWithAnotherCertificate()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        emulator.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        var token = await AgoraTokenOracle.BuildRtmTokenAsync(AgoraSandbox.AppId, "0123456789abcdef0123456789abcdef", "teacher-1", 600);

        var response = await emulator.ClientWith(token, "teacher-1").GetAsync(emulator.PollPath, RunningEmulator.Ct);

        await Expect.Unauthorized(response);
    }
}
