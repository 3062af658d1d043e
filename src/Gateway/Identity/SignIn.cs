using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Gateway.Identity;

/// <summary>
/// One sign-in: the principal ASP.NET Core sees and the caller the gateway reads from it, with the ticket every request
/// of the token signs in with (made once: a ticket brings its own properties and their two dictionaries).
/// </summary>
public sealed record SignIn(ClaimsPrincipal Principal, Caller Caller)
{
    public AuthenticationTicket Ticket { get; } = new(Principal, JwtBearerDefaults.AuthenticationScheme);
}
