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
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [Health.HealthEndpoints.ReadyTag]);
        return services;
    }
}
