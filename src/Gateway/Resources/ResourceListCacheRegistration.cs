namespace Gateway.Resources;

public static class ResourceListCacheRegistration
{
    public static IServiceCollection AddResourceListCache(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<LocalResourceListCopies>();
        services.AddHostedService(provider => provider.GetRequiredService<LocalResourceListCopies>());
        services.AddSingleton<ResourceListCache>();
        services.TryAddSingleton<IResourceListInvalidator>(provider => provider.GetRequiredService<ResourceListCache>());
        return services;
    }
}
