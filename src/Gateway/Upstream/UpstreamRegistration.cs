namespace Gateway.Upstream;

public static class UpstreamRegistration
{
    /// <summary>Where Agora is (its primary and backup hosts), the HTTP clients that call it, and the credentials every call carries.</summary>
    public static IServiceCollection AddAgoraUpstream(this IServiceCollection services)
    {
        services.AddSingleton<AgoraHosts>();
        services.AddSingleton<AgoraUpstream>();
        services.AddSingleton<UpstreamKnock>();
        services.AddAgoraHttpClients();
        services.TryAddSingleton<IUpstreamCredentials, UpstreamCredentials>();
        services.AddSingleton<AgoraServiceCalls>();
        return services;
    }
}
