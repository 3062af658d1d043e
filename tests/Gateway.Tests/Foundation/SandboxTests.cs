using System.Net;
using System.Net.Http.Json;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

public sealed class SandboxTests
{
    [Fact]
    public async Task ANewcomerGetsADevJwtAndWithItAnRtmToken()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();

        var issued = await anonymous.PostAsJsonAsync("/dev/token",
            new { sub = "newcomer", roles = new[] { "teacher" }, rooms = new[] { "room-1" }, lifetimeSeconds = 600 }, Json.Cancel);
        var jwt = (await issued.ReadJson()).GetProperty("data").GetProperty("token").GetString()!;
        using var client = gateway.CreateClient(jwt);
        var minted = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = AccessToken2.Parse((await minted.ReadJson()).GetProperty("data").GetProperty("token").GetString()!);
        Assert.Equal("newcomer", token.RtmUserId);
        Assert.True(token.VerifySignature(AgoraSandbox.AppCertificate));
    }

    [Theory]
    [InlineData("""{"roles":["teacher"]}""", "sub")]
    [InlineData("""{"sub":"a","roles":["principal"]}""", "roles")]
    [InlineData("""{"sub":"a","lifetimeSeconds":5}""", "lifetimeSeconds")]
    public async Task RefusesABadDevTokenRequestNamingTheField(string body, string field)
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var response = await client.PostAsync("/dev/token", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJson();
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ReadinessReportsTheEmbeddedEmulatorAsUpstream()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadJson();
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReadinessFailsWhenTheUpstreamIsDown()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Agora:Emulator:Enabled"] = "false",
            ["Agora:AppId"] = AgoraSandbox.AppId,
            ["Agora:AppCertificate"] = AgoraSandbox.AppCertificate,
            ["Agora:BaseUrl"] = "http://127.0.0.1:9",
            ["Auth:Issuer"] = "https://school.example",
            ["Auth:Audience"] = "classroom",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        });
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", (await response.ReadJson()).GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
    }

    [Fact]
    public async Task SwaggerUiAndTheDocumentAreServed()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var ui = await client.GetAsync("/swagger/index.html", Json.Cancel);
        var document = await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var paths = (await document.ReadJson()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/rtm-token", out _));
    }
}
