namespace Gateway.Resources;

public static class ResourceListCacheRegistration
{
    /// <summary>
    /// The cache of rooms' resource lists, and the follower of the event log that drops a room's list when Agora reports
    /// its resources changed.
    /// </summary>
    public static IServiceCollection AddResourceListCache(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<ResourceListCache>();
        services.TryAddSingleton<IResourceListInvalidator>(provider => provider.GetRequiredService<ResourceListCache>());
        return services;
    }
}
