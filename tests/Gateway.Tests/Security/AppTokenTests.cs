using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Classroom.Emulator.Journal;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Security;

/// <summary>The gateway's app token opens Agora's whole REST API: it goes to Agora and nowhere else.</summary>
public sealed partial class AppTokenTests
{
    /// <summary>
    /// A whole word of "007" and base64, as long as the shortest AccessToken2 (its signature alone is 44 characters):
    /// not a run of hex inside a trace id that happens to hold "007".
    /// </summary>
    [GeneratedRegex("(?<![A-Za-z0-9+/=])007[A-Za-z0-9+/=]{60,}")]
    private static partial Regex AgoraToken();

    [Fact]
    public async Task NoAnswerOrLogLineEverCarriesTheAppToken()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        using var anonymous = gateway.CreateClient();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths", "ghost").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        var answers = new List<HttpResponseMessage>
        {
            await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel),
            await student.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel),
            await teacher.PostAsync("/api/v1/rtm-token", null, Json.Cancel),
            await student.GetAsync("/api/v1/rooms/maths", Json.Cancel),
            await student.GetAsync("/api/v1/rooms/maths/resources", Json.Cancel),
            await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel),
            await teacher.PutAsync("/api/v1/rooms/maths/states/1", null, Json.Cancel),
            await teacher.PostAsync("/api/v1/rooms/ghost/join", null, Json.Cancel),
            await teacher.PostAsync("/api/v1/rooms/maths/join?language=xx", null, Json.Cancel),
            await anonymous.GetAsync("/readyz", Json.Cancel),
        };
        var appTokens = gateway.Emulator.Services.GetRequiredService<ReceivedRequestJournal>().Entries
            .Select(e => e.Header("authorization")).OfType<string>().Select(a => a["agora token=\"".Length..^1]).Distinct().ToList();

        var said = new StringBuilder();
        var refused = new StringBuilder();
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync(Json.Cancel);
            said.AppendLine(answer.Headers.ToString()).AppendLine(body);
            if (!answer.IsSuccessStatusCode)
            {
                refused.AppendLine($"{(int)answer.StatusCode} {answer.RequestMessage!.Method} {answer.RequestMessage.RequestUri!.PathAndQuery}: {body}");
            }
        }
        var handedOut = AgoraToken().Matches(said.ToString()).Select(m => m.Value).ToList();

        Assert.NotEmpty(appTokens);
        Assert.All(appTokens, t => Assert.Equal(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(t, AgoraSandbox.Credentials, DateTimeOffset.UtcNow).App()));
        // Two launch tokens, each as token and as rtmToken, and an RTM token; the refusals say why one is missing.
        Assert.True(handedOut.Count == 5, $"{handedOut.Count} tokens handed out; refused:\n{refused}");
        Assert.All(handedOut, t => Assert.NotEqual(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(t, AgoraSandbox.Credentials, DateTimeOffset.UtcNow).App()));
        Assert.DoesNotContain(logs.Lines, line => appTokens.Any(t => line.Contains(t, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ACallAfterTheAppTokenIsRenewedCarriesTheNewToken()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory { Clock = clock };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths", "ghost").Sign());
        var journal = gateway.Emulator.Services.GetRequiredService<ReceivedRequestJournal>();
        string LastAppToken() => journal.Entries.Select(e => e.Header("authorization")).OfType<string>().Last()["agora token=\"".Length..^1];
        (await teacher.PostAsync("/api/v1/rooms/maths/join", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).EnsureSuccessStatusCode();

        (await teacher.GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).EnsureSuccessStatusCode();
        var first = LastAppToken();
        (await teacher.GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).EnsureSuccessStatusCode();
        var kept = LastAppToken();
        // The default lifetime is 3600 s and its margin 12 min: at 49 min the token is renewed.
        clock.Advance(TimeSpan.FromMinutes(49));
        (await teacher.GetAsync("/api/v1/rooms/maths/sequences", Json.Cancel)).EnsureSuccessStatusCode();
        var renewed = LastAppToken();

        Assert.Equal(first, kept);
        Assert.NotEqual(first, renewed);
        Assert.Equal(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(renewed, AgoraSandbox.Credentials, clock.GetUtcNow()).App());
    }

}
