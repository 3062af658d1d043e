using Gateway.Identity;
using Gateway.Redis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Gateway.Events;

public static class EventsRegistration
{
    /// <summary>
    /// The log (Redis Streams when Redis is configured, else in process), its poller, the one reader that feeds the room
    /// streams, their limits, and the tickets that open them from a browser.
    /// </summary>
    public static IServiceCollection AddGatewayEvents(this IServiceCollection services)
    {
        services.AddValidatedOptions<EventsOptions, EventsOptionsValidator>(EventsOptions.Section);
        // The log's page and the streams write Agora's events again, as deep as Agora may answer them.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.MaxDepth = AgoraJson.AnswerDepth);
        services.AddSingleton<InProcessEventLog>();
        services.AddSingleton<RedisEventLog>();
        services.AddSingleton<IEventLog>(UseRedis<IEventLog>);
        services.AddSingleton<IPollerLease>(UseRedis<IPollerLease>);
        services.AddSingleton<AgoraEventQueue>();
        services.AddSingleton<EventPoller>();
        services.AddHostedService(provider => provider.GetRequiredService<EventPoller>());
        services.AddSingleton<EventFrames>();
        services.AddSingleton<RoomEventHub>();
        services.AddHostedService(provider => provider.GetRequiredService<RoomEventHub>());
        services.AddSingleton<StreamLimits>();
        services.AddSingleton<RoomStreams>();
        services.AddSingleton<StreamTickets>();
        services.AddSingleton<IHttpContextFactory, TicketQueryRedaction>();
        services.AddGatewayAuthentication().AddScheme<AuthenticationSchemeOptions, EventTicketHandler>(EventTicketHandler.SchemeName, null);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            jwt => jwt.ForwardDefaultSelector = EventTicketHandler.Selected);
        return services;
    }

    static T UseRedis<T>(IServiceProvider provider) where T : class =>
        provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsConfigured
            ? (provider.GetRequiredService<RedisEventLog>() as T)!
            : (provider.GetRequiredService<InProcessEventLog>() as T)!;
}
