namespace Gateway.Identity;

/// <summary>
/// The caller must be the user the request names (<see cref="UserOf"/>: a route value, or a fixed uid such as the
/// recorder's), or else hold one of <see cref="Roles"/>.
/// </summary>
public sealed class UserOrRoleRequirement(Func<HttpContext, string?> userOf, params string[] roles) : ICallerRequirement
{
    public Func<HttpContext, string?> UserOf { get; } = userOf;
    public IReadOnlyList<string> Roles => roles;

    public bool IsMetBy(Caller caller, HttpContext? request, out string? refusal)
    {
        refusal = null;
        return request is not null
            && (caller.HoldsAny(roles) || (UserOf(request) is { } user && string.Equals(caller.UserId, user, StringComparison.Ordinal)));
    }
}
