using System.Security.Claims;

namespace Gateway.Identity;

/// <summary>One sign-in: the principal ASP.NET Core sees and the caller the gateway reads from it.</summary>
public sealed record SignIn(ClaimsPrincipal Principal, Caller Caller);
