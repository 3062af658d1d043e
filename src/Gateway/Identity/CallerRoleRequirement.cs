using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>The caller must hold one of <see cref="Roles"/>.</summary>
public sealed class CallerRoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
