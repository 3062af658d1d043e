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
/// P-256 key, whose private halves sign the test's tokens. <see cref="RotateKeys"/> replaces both, as an authority
/// that withdraws its keys does.
/// </summary>
public sealed class FakeAuthority : IAsyncDisposable
{
    readonly WebApplication _app;
    volatile Keys _keys = Keys.Create(1);

    FakeAuthority(WebApplication app) => _app = app;

    sealed record Keys(RsaSecurityKey Rsa, ECDsaSecurityKey Ec)
    {
        public static Keys Create(int generation) => new(
            new RsaSecurityKey(RSA.Create(2048)) { KeyId = $"rsa-{generation}" },
            new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = $"ec-{generation}" });
    }

    public Uri Issuer => new(_app.Urls.First());
    public SigningCredentials Rsa => new(_keys.Rsa, SecurityAlgorithms.RsaSha256);
    public SigningCredentials Ec => new(_keys.Ec, SecurityAlgorithms.EcdsaSha256);

    /// <summary>The RSA key's public modulus, as its JWKS publishes it (<c>n</c>).</summary>
    public byte[] RsaModulus => _keys.Rsa.Rsa.ExportParameters(includePrivateParameters: false).Modulus!;

    /// <summary>The RSA key's public half as PEM text, as a verifier might hold it.</summary>
    public string RsaPublicPem => _keys.Rsa.Rsa.ExportSubjectPublicKeyInfoPem();

    /// <summary>Publishes new keys in place of the old, which sign nothing valid from now on.</summary>
    public void RotateKeys() => _keys = Keys.Create(int.Parse(_keys.Rsa.KeyId["rsa-".Length..], System.Globalization.CultureInfo.InvariantCulture) + 1);

    public static async Task<FakeAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new FakeAuthority(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority.Issuer.ToString(),
            ["jwks_uri"] = new Uri(authority.Issuer, "/jwks").ToString(),
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        }));
        app.MapGet("/jwks", () => Results.Content(Jwks(authority._keys), "application/json"));
        await app.StartAsync();
        return authority;
    }

    static string Jwks(Keys keys)
    {
        var r = keys.Rsa.Rsa.ExportParameters(includePrivateParameters: false);
        var e = keys.Ec.ECDsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = keys.Rsa.KeyId, n = Base64UrlEncoder.Encode(r.Modulus), e = Base64UrlEncoder.Encode(r.Exponent) },
                new { kty = "EC", use = "sig", alg = "ES256", kid = keys.Ec.KeyId, crv = "P-256", x = Base64UrlEncoder.Encode(e.Q.X), y = Base64UrlEncoder.Encode(e.Q.Y) },
            },
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
