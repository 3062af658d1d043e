namespace Gateway.Identity;

/// <summary>
/// The caller must hold one of <paramref name="roles"/>: judged by the caller's role set, read once per sign-in, where
/// <c>RequireRole</c> would search the principal's claims for every role on every request.
/// </summary>
public sealed class CallerRoleRequirement(params string[] roles) : ICallerRequirement
{
    public bool IsMetBy(Caller caller, HttpContext? request, out string? refusal)
    {
        refusal = null;
        return caller.HoldsAny(roles);
    }
}
