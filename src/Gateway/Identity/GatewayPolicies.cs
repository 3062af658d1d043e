using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>
/// Who may call what: roles per route, and room membership wherever the route names a room. Teachers change a room
/// (<see cref="Teacher"/>); assistants read what teachers read (<see cref="Staff"/>) and change none of it; admins act on
/// every room.
/// </summary>
public static class GatewayPolicies
{
    public const string Member = "member";
    public const string Participant = "participant";
    public const string Staff = "staff";
    public const string Teacher = "teacher";
    public const string Admin = "admin";

    public static IServiceCollection AddGatewayPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Member, p => p.RequireAuthenticatedUser().AddRequirements(new RoomMemberRequirement()))
            .AddPolicy(Participant, p => InRoom(p, Caller.Student, Caller.Teacher, Caller.Assistant, Caller.Admin))
            .AddPolicy(Staff, p => InRoom(p, Caller.Teacher, Caller.Assistant, Caller.Admin))
            .AddPolicy(Teacher, p => InRoom(p, Caller.Teacher, Caller.Admin))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new CallerRoleRequirement(Caller.Admin)));
        services.AddSingleton<IAuthorizationHandler, CallerRoleHandler>();
        services.AddSingleton<IAuthorizationHandler, RoomMemberHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>One of <paramref name="roles"/>, in the route's room.</summary>
    static void InRoom(AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.RequireAuthenticatedUser().AddRequirements(new CallerRoleRequirement(roles), new RoomMemberRequirement());
}
