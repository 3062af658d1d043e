using System.Net;
using System.Security.Cryptography;
using Gateway.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Foundation;

/// <summary>Sign-in against an OpenID Connect authority: its JWKS keys (RS256, ES256) and nothing else.</summary>
public sealed class AuthoritySignInTests
{
    static GatewayFactory Gateway(FakeAuthority authority) => new(new Dictionary<string, string?>
    {
        ["Auth:Authority"] = authority.Issuer.ToString(),
        ["Auth:Issuer"] = authority.Issuer.ToString(),
        ["Auth:Audience"] = "classroom",
        ["Auth:SigningKey"] = null,
    });

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task AcceptsTokensSignedWithTheAuthoritysKeys(string algorithm)
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var jwt = new TestJwt
        {
            Issuer = authority.Issuer.ToString(),
            Audience = "classroom",
            Credentials = algorithm == "RS256" ? authority.Rsa : authority.Ec,
        }.Sign();
        using var client = gateway.CreateClient(jwt);

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("student-1", (await response.ReadJson()).GetProperty("data").GetProperty("uid").GetString());
    }

    [Fact]
    public async Task RefusesAKeyTheAuthorityDoesNotPublish()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var stranger = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = stranger }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RefusesAnHmacTokenWhenAnAuthorityIsConfigured()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom" }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await response.ReadJson()).GetProperty("code").GetInt32());
    }
}
