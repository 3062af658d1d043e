using Gateway.Redis;

namespace Gateway.Events;

public static class EventsRegistration
{
    /// <summary>The log (Redis Streams when Redis is configured, else in process) and its poller.</summary>
    public static IServiceCollection AddGatewayEvents(this IServiceCollection services)
    {
        services.AddValidatedOptions<EventsOptions, EventsOptionsValidator>(EventsOptions.Section);
        services.AddSingleton<InProcessEventLog>();
        services.AddSingleton<RedisEventLog>();
        services.AddSingleton<IEventLog>(UseRedis<IEventLog>);
        services.AddSingleton<IPollerLease>(UseRedis<IPollerLease>);
        services.AddSingleton<AgoraEventQueue>();
        services.AddSingleton<EventPoller>();
        services.AddHostedService(provider => provider.GetRequiredService<EventPoller>());
        return services;
    }

    static T UseRedis<T>(IServiceProvider provider) where T : class =>
        provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsConfigured
            ? (provider.GetRequiredService<RedisEventLog>() as T)!
            : (provider.GetRequiredService<InProcessEventLog>() as T)!;
}
