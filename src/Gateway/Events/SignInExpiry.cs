using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gateway.Events;

/// <summary>
/// When a sign-in ends: the <c>exp</c> of the JWT behind it, which sign-in keeps among the principal's claims; one past the
/// calendar's end (which sign-in takes, as its last instant) ends there.
/// </summary>
public static class SignInExpiry
{
    static readonly long Last = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static DateTimeOffset? Of(ClaimsPrincipal principal) =>
        principal.FindFirst(JwtRegisteredClaimNames.Exp)?.Value is { } exp
        && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, Last))
            : null;

    public static Claim ClaimOf(DateTimeOffset expiresAt) =>
        new(JwtRegisteredClaimNames.Exp, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);
}
