using Gateway.Identity;

namespace Gateway.Resources;

/// <summary>
/// On a route that changes a room's resources: once Agora has accepted the change, and before the client hears
/// so, every instance's cached list of that room is dropped, so the client's next read is a fresh one.
/// </summary>
public sealed class ResourceListInvalidation(ResourceListCache cache) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetRouteValue(RoomMemberRequirement.RouteValue) is string roomUuid)
        {
            http.Response.OnStarting(() => http.Response.StatusCode is >= 200 and < 300
                ? cache.InvalidateAsync(roomUuid, CancellationToken.None)
                : Task.CompletedTask);
        }
        return next(context);
    }
}

public static class ResourceListCacheRegistration
{
    public static IServiceCollection AddResourceListCache(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<ResourceListCache>();
        return services;
    }
}
