using System.Security.Cryptography;
using Gateway.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Support;

/// <summary>Really signed school JWTs, valid for the sandbox unless a test says otherwise.</summary>
public sealed record TestJwt
{
    public string? Subject { get; init; } = "student-1";

    /// <summary>The display name claim (<c>name</c>); none by default.</summary>
    public string? Name { get; init; }
    public object? Roles { get; init; } = new[] { "student" };
    public object? Rooms { get; init; } = new[] { "room-1" };
    /// <summary>The <c>iss</c> claim; null: none.</summary>
    public string? Issuer { get; init; } = SandboxMode.Issuer;

    /// <summary>The <c>aud</c> claim; null: none.</summary>
    public string? Audience { get; init; } = SandboxMode.Audience;
    public byte[] Key { get; init; } = Convert.FromBase64String(SandboxMode.SigningKey);
    public string Algorithm { get; init; } = SecurityAlgorithms.HmacSha256;
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public TimeSpan? Lifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A key to sign with instead of <see cref="Key"/>: an asymmetric one (RSA, EC), or one with a key id.</summary>
    public SigningCredentials? Credentials { get; init; }

    /// <summary>The <c>typ</c> header; null: <c>JWT</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Claims beyond the school's, as an issuer might add them.</summary>
    public IReadOnlyDictionary<string, object>? OtherClaims { get; init; }

    /// <summary>Header parameters beyond <c>alg</c>, <c>typ</c> and <c>kid</c>.</summary>
    public IReadOnlyDictionary<string, object>? OtherHeaders { get; init; }

    public static TestJwt Student(params string[] rooms) => new() { Roles = new[] { "student" }, Rooms = rooms, Subject = "student-1" };
    public static TestJwt Teacher(params string[] rooms) => new() { Roles = new[] { "teacher" }, Rooms = rooms, Subject = "teacher-1" };
    public static TestJwt Assistant(params string[] rooms) => new() { Roles = new[] { "assistant" }, Rooms = rooms, Subject = "assistant-1" };
    public static TestJwt Admin() => new() { Roles = new[] { "admin" }, Rooms = Array.Empty<string>(), Subject = "admin-1" };

    public string Sign()
    {
        var claims = new Dictionary<string, object>();
        Add(claims, "sub", Subject);
        Add(claims, "name", Name);
        Add(claims, "role", Roles);
        Add(claims, "rooms", Rooms);
        foreach (var (name, value) in OtherClaims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = Now.UtcDateTime,
            NotBefore = Now.AddMinutes(-1).UtcDateTime,
            SigningCredentials = Credentials ?? new SigningCredentials(new SymmetricSecurityKey(Key), Algorithm),
            TokenType = Type,
            AdditionalHeaderClaims = OtherHeaders?.ToDictionary(),
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        if (Lifetime is { } lifetime)
        {
            descriptor.Expires = Now.Add(lifetime).UtcDateTime;
        }
        return handler.CreateToken(descriptor);
    }

    public static byte[] RandomKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public string SignNone()
    {
        var signed = Sign();
        var payload = signed.Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        return $"{header}.{payload}.";
    }

    /// <summary>
    /// These claims' payload as <paramref name="rewrite"/> turns its JSON text, signed HS256 with <see cref="Key"/>: a
    /// payload no token library would write, signed as the school would sign it.
    /// </summary>
    public string SignPayload(Func<string, string> rewrite)
    {
        var payload = rewrite(Base64UrlEncoder.Decode(Sign().Split('.')[1]));
        var signed = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Base64UrlEncoder.Encode(payload);
        return signed + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(Key, System.Text.Encoding.ASCII.GetBytes(signed)));
    }

    static void Add(Dictionary<string, object> claims, string name, object? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }
}
