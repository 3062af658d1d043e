namespace Gateway.Forwarding;

public static class ForwardingRegistration
{
    /// <summary>YARP's forwarder and the gateway's use of it; the client it sends with is <c>Upstream</c>'s.</summary>
    public static IServiceCollection AddAgoraForwarding(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddSingleton<AgoraForwarder>();
        return services;
    }
}
