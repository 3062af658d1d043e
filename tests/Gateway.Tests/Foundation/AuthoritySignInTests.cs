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

    public static TheoryData<string> ConfusedKeys() => ["modulus", "pem"];

    /// <summary>
    /// Algorithm confusion: an HS256 token whose HMAC key is the authority's RSA public key, which anyone can read from
    /// its JWKS, named by the RSA key's id.
    /// </summary>
    [Theory]
    [MemberData(nameof(ConfusedKeys))]
    public async Task RefusesAnHmacTokenKeyedWithTheAuthoritysPublicKey(string form)
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var publicKey = form == "modulus" ? authority.RsaModulus : System.Text.Encoding.UTF8.GetBytes(authority.RsaPublicPem);
        var confused = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = authority.Rsa.Key.KeyId }, SecurityAlgorithms.HmacSha256);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = confused }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RefusesAnUnsignedToken()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom" }.SignNone());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// A signed-in token is remembered, but never past its key: once the gateway has learnt that the authority
    /// withdrew the key (from a token signed with the new one), the same token is validated again, and refused.
    /// </summary>
    [Fact]
    public async Task ARememberedSignInEndsWithTheKeyThatValidatedIt()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var signedWithOldKey = new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = authority.Rsa }.Sign();
        using var oldClient = gateway.CreateClient(signedWithOldKey);

        var first = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var remembered = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        authority.RotateKeys();
        var rememberedAfterRotation = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        using var newClient = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = authority.Rsa }.Sign());
        var signedWithNewKey = await Poll.Until(async () => (await newClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).StatusCode,
            status => status == HttpStatusCode.OK);
        var afterTheGatewayLearnt = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [first.StatusCode, remembered.StatusCode, rememberedAfterRotation.StatusCode]);
        Assert.Equal(HttpStatusCode.OK, signedWithNewKey);
        Assert.Equal(HttpStatusCode.Unauthorized, afterTheGatewayLearnt.StatusCode);
    }
}
