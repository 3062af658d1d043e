namespace Gateway.Upstream;

public static class UpstreamRegistration
{
    /// <summary>Where Agora is (its primary and backup hosts), and the HTTP clients that call it.</summary>
    public static IServiceCollection AddAgoraUpstream(this IServiceCollection services)
    {
        services.AddSingleton<AgoraHosts>();
        services.AddSingleton<AgoraUpstream>();
        services.AddSingleton<UpstreamKnock>();
        services.AddAgoraHttpClients();
        return services;
    }
}
