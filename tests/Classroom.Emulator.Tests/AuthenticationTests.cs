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

    /// <summary>A body past the server's limit (30,000,000 bytes) is a body like any other: a stranger learns nothing of it.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task AnswersAuthenticationBeforeABodyTooLargeToRead(string? token)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var tokenHeader = token is null ? "" : $"x-agora-token: {token}\r\nx-agora-uid: teacher-1\r\n";

        var answer = await RawAnswerAsync(emulator,
            $"PUT {emulator.Path("/v2/rooms/{0}/properties", "r")} HTTP/1.1\r\nHost: emulator\r\n{tokenHeader}Content-Length: 40000000\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 401 ", answer, StringComparison.Ordinal);
        Assert.Contains("""{"message":"invalid token"}""", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// Agora's business code of a refusal that is not about a parameter is its status (400/400, 500/500): a body over the
    /// server's limit is 413 with code 413, not the 400 of a bad parameter under another status.
    /// </summary>
    [Fact]
    public async Task AnswersABodyTooLargeToReadWith413AndItsOwnCode()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var token = new RtmTokenBuilder(emulator.Clock).Build(AgoraSandbox.Credentials, "teacher-1", TimeSpan.FromHours(1)).Token;

        var answer = await RawAnswerAsync(emulator, $"PUT {emulator.Path("/v2/rooms/{0}/properties", "r")} HTTP/1.1\r\nHost: emulator\r\n"
            + $"x-agora-token: {token}\r\nx-agora-uid: teacher-1\r\nContent-Length: 40000000\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        Assert.Contains("""{"code":413,"msg":""", answer, StringComparison.Ordinal);
    }

    /// <summary>No call acts on a request whose body the server refused to read, not even one that takes no body.</summary>
    [Fact]
    public async Task ClosingGroupsWithABodyTooLargeToReadIsRefusedAndClosesNothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/groups/states/1", "r"),
            Json.Raw("""{"groups":[{"groupUuid":"g1","users":[{"userUuid":"ann"}]}]}"""), RunningEmulator.Ct));
        var token = new RtmTokenBuilder(emulator.Clock).Build(AgoraSandbox.Credentials, "teacher-1", TimeSpan.FromHours(1)).Token;

        var answer = await RawAnswerAsync(emulator, $"PUT {emulator.Path("/v2/rooms/{0}/groups/states/0", "r")} HTTP/1.1\r\nHost: emulator\r\n"
            + $"x-agora-token: {token}\r\nx-agora-uid: teacher-1\r\nContent-Length: 40000000\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        var groups = (await emulator.QueryRoomAsync(client, "r")).GetProperty("roomProperties").GetProperty("groups");
        Assert.Equal(1, groups.GetProperty("state").GetInt32());
    }

    /// <summary>The answer to a request written by hand: its headers only, the body it declares never sent.</summary>
    static async Task<string> RawAnswerAsync(RunningEmulator emulator, string head)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(emulator.BaseAddress.Host, emulator.BaseAddress.Port, RunningEmulator.Ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), RunningEmulator.Ct);
        var answer = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        int read;
        // The answers are chunked: the last chunk ends them, or the server closes the connection.
        while (!answer.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, RunningEmulator.Ct)) > 0)
        {
            answer.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }
        return answer.ToString();
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
