namespace Gateway.Upstream;

public static class UpstreamRegistration
{
    /// <summary>Where Agora is, and the HTTP clients that call it.</summary>
    public static IServiceCollection AddAgoraUpstream(this IServiceCollection services)
    {
        services.AddSingleton<AgoraUpstream>();
        services.AddAgoraHttpClients();
        return services;
    }
}
