using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>Who may call what: roles per route, and room membership wherever the route names a room.</summary>
public static class GatewayPolicies
{
    public const string Member = "member";
    public const string Teacher = "teacher";
    public const string Admin = "admin";

    public static IServiceCollection AddGatewayPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Member, p => p.RequireAuthenticatedUser().AddRequirements(new RoomMemberRequirement()))
            .AddPolicy(Teacher, p => p.RequireAuthenticatedUser()
                .AddRequirements(new CallerRoleRequirement(Caller.Teacher, Caller.Admin), new RoomMemberRequirement()))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new CallerRoleRequirement(Caller.Admin)));
        services.AddSingleton<IAuthorizationHandler, CallerRoleHandler>();
        services.AddSingleton<IAuthorizationHandler, RoomMemberHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}
