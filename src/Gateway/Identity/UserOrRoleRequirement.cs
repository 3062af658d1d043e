using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>
/// The caller must be the user the request names (<see cref="UserOf"/>: a route value, or a fixed uid such as the
/// recorder's), or else hold one of <see cref="Roles"/>.
/// </summary>
public sealed class UserOrRoleRequirement(Func<HttpContext, string?> userOf, params string[] roles) : IAuthorizationRequirement
{
    public Func<HttpContext, string?> UserOf { get; } = userOf;
    public IReadOnlyList<string> Roles { get; } = roles;
}
