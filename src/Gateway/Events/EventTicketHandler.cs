using System.Security.Claims;
using System.Text.Encodings.Web;
using Gateway.Identity;
using Gateway.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Events;

/// <summary>
/// Sign-in by a stream ticket (<see cref="StreamTickets"/>), on the room stream only: the ticket is redeemed — used up —
/// and signs in the caller it was issued to, for the room it was issued for and until the sign-in behind it expires.
/// A request that also carries an <c>Authorization</c> header signs in by the header alone, and its ticket stays unused.
/// The bearer scheme hands such a request over (<see cref="Selected"/>), so the stream has one sign-in, the
/// authentication middleware's, and its policy names no scheme to merge a second one into it.
/// </summary>
public sealed class EventTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    StreamTickets tickets, IOptions<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EventTicket";

    /// <summary>Why a ticket signs nobody in, as the 401 says it and the document's 401 of the stream.</summary>
    public const string Refusal = "unknown, used, expired or for another room";

    /// <summary>
    /// This scheme for a request that presents a ticket without an <c>Authorization</c> header to a route that accepts
    /// tickets (<see cref="AcceptsStreamTickets"/>), else null: the bearer scheme's <c>ForwardDefaultSelector</c>.
    /// </summary>
    public static string? Selected(HttpContext context) =>
        context.Features.Get<PresentedTicket>() is not null && context.Request.Headers.Authorization.Count == 0
        && context.GetEndpoint()?.Metadata.GetMetadata<AcceptsStreamTickets>() is not null
            ? SchemeName
            : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Selected(Context) is null)
        {
            return AuthenticateResult.NoResult();
        }
        var redemption = await tickets.RedeemAsync(Context.Features.GetRequiredFeature<PresentedTicket>().Value);
        if (redemption.Unanswered)
        {
            Context.Features.Set(redemption);
            return AuthenticateResult.Fail("The tickets cannot be read now.");
        }
        if (redemption.Grant is not { } grant)
        {
            return AuthenticateResult.Fail("The ticket is unknown, used or expired.");
        }
        if (Context.GetRouteValue(RoomMemberRequirement.RouteValue) as string != grant.RoomUuid)
        {
            return AuthenticateResult.Fail("The ticket is for another room.");
        }
        var settings = auth.Value;
        Claim[] claims =
        [
            new(settings.UserIdClaim, grant.UserId),
            .. grant.Roles.Select(role => new Claim(settings.RoleClaim, role)),
            new(Caller.RoomClaimType, grant.RoomUuid),
            SignInExpiry.ClaimOf(grant.SignInExpiresAt),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, settings.UserIdClaim, settings.RoleClaim));
        // The sign-in's end is its exp claim, as for a bearer token.
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A refused ticket is answered here; without one, the bearer scheme answers.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Features.Get<StreamTickets.Redemption>() is { Unanswered: true })
        {
            // Redis could not be asked: the ticket is not known to be bad, and a GETDEL held meanwhile may still use it up.
            await GatewayProblems.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable,
                "The stream's tickets cannot be checked now; try again shortly with a new ticket.", retryAfter: Redis.RedisConnection.FailureBackOff);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await GatewayProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            $"The ticket is not valid: it is {Refusal}. Ask for a new one.");
    }
}
