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

    /// <summary>
    /// A refusal when the sign-in behind <paramref name="context"/> has already ended, though sign-in still took its JWT
    /// within the clock skew it allows: a stream opened on it would end at once, and a ticket for it be expired when
    /// given, where the client's <c>EventSource</c> reconnects to an ended stream and stops at a 401.
    /// </summary>
    public static ProblemHttpResult? Ended(HttpContext context, DateTimeOffset now) =>
        Of(context.User) is { } expiresAt && expiresAt <= now
            ? Problems.GatewayProblems.Result(StatusCodes.Status401Unauthorized, "The bearer token has expired.")
            : null;

    public static Claim ClaimOf(DateTimeOffset expiresAt) =>
        new(JwtRegisteredClaimNames.Exp, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);
}
