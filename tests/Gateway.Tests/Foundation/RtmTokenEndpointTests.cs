using System.Net;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Foundation;

public sealed class RtmTokenEndpointTests
{
    [Fact]
    public async Task MintsATokenForTheCallersOwnUidThatVerifiesUnderTheCertificate()
    {
        // The JWT's lifetime is checked against the real clock, so the fake one starts at the real now.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var gateway = new GatewayFactory { Clock = clock };
        using var client = gateway.CreateClient(new TestJwt { Subject = "alice", Now = clock.GetUtcNow() }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJson();
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        Assert.Equal("Success", body.GetProperty("msg").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(AgoraSandbox.AppId, data.GetProperty("appId").GetString());
        Assert.Equal("alice", data.GetProperty("uid").GetString());
        Assert.Equal(clock.GetUtcNow().AddHours(1), data.GetProperty("expiresAt").GetDateTimeOffset());
        var token = AccessToken2.Parse(data.GetProperty("token").GetString()!);
        Assert.True(token.VerifySignature(AgoraSandbox.AppCertificate));
        Assert.Equal("alice", token.RtmUserId);
        Assert.Equal(3600u, token.Expire);
        Assert.Equal(clock.GetUtcNow(), token.IssuedAt);
    }

    [Fact]
    public async Task MintsUnderTheConfiguredCertificateAndLifetime()
    {
        const string appId = "0123456789abcdef0123456789abcdef";
        const string certificate = "fedcba9876543210fedcba9876543210";
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Agora:AppId"] = appId,
            ["Agora:AppCertificate"] = certificate,
            ["Agora:TokenLifetimeSeconds"] = "600",
        });
        using var client = gateway.CreateClient(new TestJwt().Sign());

        var data = (await (await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).ReadJson()).GetProperty("data");

        var token = AccessToken2.Parse(data.GetProperty("token").GetString()!);
        Assert.Equal(appId, token.AppId);
        Assert.True(token.VerifySignature(certificate));
        Assert.False(token.VerifySignature(AgoraSandbox.AppCertificate));
        Assert.Equal(600u, token.Expire);
    }
}
