using System.Net;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

/// <summary>
/// With <c>Agora:UpstreamCredential=App</c> the gateway alone holds a credential for Agora's REST API: the sandbox's
/// emulator takes app tokens only, so the gateway's calls pass and every token a client can hold is refused.
/// </summary>
public sealed class UpstreamCredentialTests
{
    static GatewayFactory Sandbox(UpstreamCredential credential) =>
        new(new Dictionary<string, string?> { [UpstreamCredentialAssert.Setting] = credential.ToString() });

    [Fact]
    public async Task InAppModeTheGatewaysCallsPassAndAClientsOwnTokensAreRefusedByAgora()
    {
        await using var gateway = Sandbox(UpstreamCredential.App);
        var (created, rtm) = await CreateRoomAndMintRtmToken(gateway);
        var roomUser = new EducationTokenBuilder(TimeProvider.System).RoomUserToken(AgoraSandbox.Credentials, "maths", "teacher-1", 1, TimeSpan.FromHours(1)).Token;

        var withRtm = await StraightToAgora(gateway, rtm);
        var withRoomUser = await StraightToAgora(gateway, roomUser);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withRtm.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withRoomUser.StatusCode);
    }

    [Fact]
    public async Task AsTheCallerTheSandboxTakesTheCallersRtmTokenAsAgorasOlderSchemeDid()
    {
        await using var gateway = Sandbox(UpstreamCredential.Caller);
        var (created, rtm) = await CreateRoomAndMintRtmToken(gateway);

        var withRtm = await StraightToAgora(gateway, rtm);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withRtm.StatusCode);
    }

    [Theory]
    [InlineData(UpstreamCredential.App)]
    [InlineData(UpstreamCredential.Caller)]
    public async Task TheReadinessCheckCarriesTheGatewaysCredential(UpstreamCredential credential)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));

        var ready = await gateway.CreateClient().GetAsync("/readyz", Support.Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        UpstreamCredentialAssert.CarriesTheGatewaysCredential(Assert.Single(upstream.Requests).Header, credential, "classroom-gateway");
    }

    /// <summary>A teacher creates a room through the gateway and asks it for an RTM token of its own.</summary>
    static async Task<(HttpResponseMessage Created, string RtmToken)> CreateRoomAndMintRtmToken(GatewayFactory gateway)
    {
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        var created = await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Support.Json.Cancel);
        var minted = await (await teacher.PostAsync("/api/v1/rtm-token", null, Support.Json.Cancel)).ReadJson();
        return (created, minted.GetProperty("data").GetProperty("token").GetString()!);
    }

    /// <summary>A client going around the gateway: the room query, with its own token as Agora's older and newer schemes take it.</summary>
    static async Task<HttpResponseMessage> StraightToAgora(GatewayFactory gateway, string token)
    {
        using var agora = new HttpClient { BaseAddress = gateway.Emulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/maths");
        request.Headers.Add("x-agora-token", token);
        request.Headers.Add("x-agora-uid", "teacher-1");
        request.Headers.TryAddWithoutValidation("Authorization", $"agora token=\"{token}\"");
        return await agora.SendAsync(request, Support.Json.Cancel);
    }

}
