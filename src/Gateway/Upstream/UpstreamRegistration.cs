namespace Gateway.Upstream;

public static class UpstreamRegistration
{
    /// <summary>Where Agora is, the HTTP clients that call it, and the credentials every call carries.</summary>
    public static IServiceCollection AddAgoraUpstream(this IServiceCollection services)
    {
        services.AddSingleton<AgoraUpstream>();
        services.AddAgoraHttpClients();
        services.TryAddSingleton<IUpstreamCredentials, UpstreamCredentials>();
        services.AddSingleton<AgoraServiceCalls>();
        return services;
    }
}
