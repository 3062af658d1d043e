using Gateway.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

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
        // ASP.NET Core makes these anew for every request; they keep nothing of a request, and the handlers they hand
        // out keep nothing either, so one of each serves the process and a request costs none of them.
        foreach (var service in (Type[])[typeof(IAuthorizationService), typeof(IAuthorizationHandlerProvider), typeof(IAuthorizationEvaluator),
            typeof(IAuthorizationHandlerContextFactory), typeof(IPolicyEvaluator)])
        {
            var registered = services.Last(descriptor => descriptor.ServiceType == service);
            services.Replace(ServiceDescriptor.Singleton(service, registered.ImplementationType!));
        }
        return services;
    }
}

/// <summary>The caller must hold one of <see cref="Roles"/>.</summary>
public sealed class CallerRoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>
/// Judges roles by the caller's role set, read once per sign-in, where <c>RequireRole</c> would search the principal's
/// claims for every role on every request.
/// </summary>
public sealed class CallerRoleHandler(IOptions<Configuration.AuthOptions> auth) : AuthorizationHandler<CallerRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRoleRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && Caller.Of(context, auth.Value).Roles.Overlaps(requirement.Roles))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>The route's <c>{roomUuid}</c>, when it has one, must be among the caller's rooms.</summary>
public sealed class RoomMemberRequirement : IAuthorizationRequirement
{
    public const string RouteValue = "roomUuid";
}

public sealed class RoomMemberHandler(IOptions<Configuration.AuthOptions> auth) : AuthorizationHandler<RoomMemberRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoomMemberRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }
        if (context.Resource is not HttpContext request || request.GetRouteValue(RoomMemberRequirement.RouteValue) is not string room)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        if (Caller.Of(context, auth.Value).IsMemberOf(room))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "The caller is not a member of this room."));
        }
        return Task.CompletedTask;
    }
}

/// <summary>A refusal is a 403 problem that says which rule refused; a missing sign-in goes to the bearer challenge.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        var detail = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message
            ?? "The caller's role does not allow this.";
        return GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, detail);
    }
}
