using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>A rule of the gateway's policies, judged by the caller read at sign-in (<see cref="CallerRequirementsHandler"/>).</summary>
public interface ICallerRequirement : IAuthorizationRequirement
{
    /// <summary>
    /// Whether <paramref name="caller"/> meets the rule for <paramref name="request"/> (null: not an HTTP request); when
    /// not, <paramref name="refusal"/> says why, for a rule whose refusal is final whatever else the policy asks.
    /// </summary>
    bool IsMetBy(Caller caller, HttpContext? request, out string? refusal);
}
