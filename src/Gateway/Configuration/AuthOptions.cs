using System.ComponentModel.DataAnnotations;

namespace Gateway.Configuration;

/// <summary>The <c>Auth</c> section: how school-issued JWTs are validated and read.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinSigningKeyBytes = 32;

    [Required(ErrorMessage = "Auth:Issuer is required.")]
    public string Issuer { get; set; } = "";

    [Required(ErrorMessage = "Auth:Audience is required.")]
    public string Audience { get; set; } = "";

    /// <summary>Base64 HS256 key; either this or <see cref="Authority"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect authority whose JWKS keys (RS256/ES256) validate tokens.</summary>
    public Uri? Authority { get; set; }

    [Required(ErrorMessage = "Auth:UserIdClaim is required.")]
    public string UserIdClaim { get; set; } = "sub";

    [Required(ErrorMessage = "Auth:RoleClaim is required.")]
    public string RoleClaim { get; set; } = "role";

    [Required(ErrorMessage = "Auth:RoomsClaim is required.")]
    public string RoomsClaim { get; set; } = "rooms";

    /// <summary>The claim whose value is the caller's display name in a classroom; the user id where it is missing.</summary>
    [Required(ErrorMessage = "Auth:NameClaim is required.")]
    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// Whether a token's <c>typ</c> header must say it is an access token (<see cref="AccessTokenTypes"/>), so that an
    /// ID token or any other JWT the authority signs is refused.
    /// </summary>
    public bool RequireAccessTokenType { get; set; }

    /// <summary>The <c>typ</c> of an access token: RFC 9068's, and the plain JWT most authorities write.</summary>
    public static readonly string[] AccessTokenTypes = ["at+jwt", "application/at+jwt", "JWT"];

    public byte[]? SigningKeyBytes => TryDecodeKey(SigningKey, out var key) ? key : null;

    internal static bool TryDecodeKey(string? value, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var written) || written < MinSigningKeyBytes)
        {
            return false;
        }
        key = buffer[..written];
        return true;
    }
}
