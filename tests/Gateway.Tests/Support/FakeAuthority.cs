using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Support;

/// <summary>
/// An OpenID Connect authority on a loopback port: its discovery document and a JWKS holding one RSA and one
/// P-256 key, whose private halves sign the test's tokens.
/// </summary>
public sealed class FakeAuthority : IAsyncDisposable
{
    readonly WebApplication _app;

    FakeAuthority(WebApplication app, RsaSecurityKey rsa, ECDsaSecurityKey ec)
    {
        _app = app;
        Rsa = new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256);
        Ec = new SigningCredentials(ec, SecurityAlgorithms.EcdsaSha256);
    }

    public Uri Issuer => new(_app.Urls.First());
    public SigningCredentials Rsa { get; }
    public SigningCredentials Ec { get; }

    public static async Task<FakeAuthority> StartAsync()
    {
        var rsa = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" };
        var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-1" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new FakeAuthority(app, rsa, ec);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority.Issuer.ToString(),
            ["jwks_uri"] = new Uri(authority.Issuer, "/jwks").ToString(),
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        }));
        app.MapGet("/jwks", () => Results.Content(Jwks(rsa, ec), "application/json"));
        await app.StartAsync();
        return authority;
    }

    static string Jwks(RsaSecurityKey rsa, ECDsaSecurityKey ec)
    {
        var r = rsa.Rsa.ExportParameters(includePrivateParameters: false);
        var e = ec.ECDsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = rsa.KeyId, n = Base64UrlEncoder.Encode(r.Modulus), e = Base64UrlEncoder.Encode(r.Exponent) },
                new { kty = "EC", use = "sig", alg = "ES256", kid = ec.KeyId, crv = "P-256", x = Base64UrlEncoder.Encode(e.Q.X), y = Base64UrlEncoder.Encode(e.Q.Y) },
            },
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
