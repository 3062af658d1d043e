namespace Gateway.Identity;

/// <summary>
/// The caller must be the user the request names (<paramref name="userOf"/>: a route value, or a fixed uid such as the
/// recorder's), or else hold one of <paramref name="roles"/>.
/// </summary>
public sealed class UserOrRoleRequirement(Func<HttpContext, string?> userOf, params string[] roles) : ICallerRequirement
{
    public bool IsMetBy(Caller caller, HttpContext? request, out string? refusal)
    {
        refusal = null;
        return request is not null
            && (caller.HoldsAny(roles) || (userOf(request) is { } user && string.Equals(caller.UserId, user, StringComparison.Ordinal)));
    }
}
