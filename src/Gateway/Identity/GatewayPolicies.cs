using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>
/// Who may call what: roles per route, and room membership wherever the route names a room. A member of a room holds
/// a school role in it (<see cref="Member"/>): a token whose rooms claim names the room but whose role is none of the
/// school's (a parent's, a service's, none) reads nothing of it. Teachers change a room
/// (<see cref="Teacher"/>); assistants read what teachers read and write room and user properties, groups and widgets
/// (<see cref="Staff"/>); a user reads their own user (<see cref="UserOrStaff"/>); the web recorder reports its page
/// ready (<see cref="Recorder"/>); admins act on every room.
/// </summary>
public static class GatewayPolicies
{
    public const string Member = "member";
    public const string Staff = "staff";
    public const string Teacher = "teacher";
    public const string Admin = "admin";
    public const string UserOrStaff = "user-or-staff";
    public const string Recorder = "recorder";

    /// <summary>
    /// Every requirement is an <see cref="ICallerRequirement"/>, which no anonymous caller meets: a policy needs no
    /// separate "signed in" rule, which would be judged again for each policy a route combines.
    /// </summary>
    public static IServiceCollection AddGatewayPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Member, p => InRoom(p, Caller.Student, Caller.Teacher, Caller.Assistant, Caller.Admin))
            .AddPolicy(Staff, p => InRoom(p, Caller.Teacher, Caller.Assistant, Caller.Admin))
            .AddPolicy(Teacher, p => InRoom(p, Caller.Teacher, Caller.Admin))
            .AddPolicy(Admin, p => p.AddRequirements(new CallerRoleRequirement(Caller.Admin)))
            .AddPolicy(UserOrStaff, p =>
            {
                // The user themself reads their own user as a member of the room does: holding a school role.
                p.AddRequirements(new CallerRoleRequirement(Caller.Student, Caller.Teacher, Caller.Assistant, Caller.Admin));
                InRoom(p, new UserOrRoleRequirement(RouteUser, Caller.Teacher, Caller.Assistant, Caller.Admin));
            })
            .AddPolicy(Recorder, p => InRoom(p, new UserOrRoleRequirement(_ => Recordings.WebRecordingUrl.RecorderUid, Caller.Admin)));
        services.AddSingleton<IAuthorizationHandler, CallerRequirementsHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>One of <paramref name="roles"/>, in the route's room.</summary>
    static void InRoom(AuthorizationPolicyBuilder policy, params string[] roles) => InRoom(policy, new CallerRoleRequirement(roles));

    static void InRoom(AuthorizationPolicyBuilder policy, IAuthorizationRequirement who) =>
        policy.AddRequirements(who, new RoomMemberRequirement());

    /// <summary>The user a route names (<c>{userUuid}</c>).</summary>
    static string? RouteUser(HttpContext request) => request.GetRouteValue("userUuid") as string;
}
