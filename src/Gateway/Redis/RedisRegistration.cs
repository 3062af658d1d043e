namespace Gateway.Redis;

public static class RedisRegistration
{
    public static IServiceCollection AddGatewayRedis(this IServiceCollection services)
    {
        services.AddValidatedOptions<RedisOptions, RedisOptionsValidator>(RedisOptions.Section);
        services.AddSingleton<RedisConnection>();
        services.AddHostedService<ConnectRedisOnStart>();
        services.AddSingleton<LocalCopies>();
        services.AddHostedService(provider => provider.GetRequiredService<LocalCopies>());
        services.AddSingleton<AppendsAfterFailover>();
        services.AddHostedService(provider => provider.GetRequiredService<AppendsAfterFailover>());
        // One instance, which keeps its last write (the framework would make one per check run).
        services.AddSingleton<RedisHealthCheck>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [Health.HealthEndpoints.ReadyTag]);
        return services;
    }
}
