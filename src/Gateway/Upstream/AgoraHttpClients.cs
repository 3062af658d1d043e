using System.Diagnostics;
using System.Net;
using Gateway.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Upstream;

/// <summary>
/// The one definition of the HTTP clients that call Agora, as <see cref="IHttpClientFactory"/> named clients over the same
/// handler settings: <see cref="Forwarder"/> for forwarded calls (through YARP, with reads retried on a failed
/// connection) and <see cref="Service"/> for the gateway's own calls (the event poller, the readiness check), which
/// retry on their own terms. Both send to the Agora host in use and move to the backup host together
/// (<see cref="HostFailoverHandler"/>). No proxy, redirect, cookie or decompression: Agora's answers pass through as they came.
/// </summary>
public static class AgoraHttpClients
{
    public const string Forwarder = "agora-forwarder";
    public const string Service = "agora";

    /// <summary>A connection is replaced this often, so that a change of Agora's addresses is followed.</summary>
    static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddAgoraHttpClients(this IServiceCollection services)
    {
        services.AddTransient<IdempotentRetryHandler>();
        services.AddTransient<HostFailoverHandler>();
        services.AddTransient<WriteOnceHandler>();
        services.AddSingleton<AgoraCallLogger>();
        // Retries outside the failover, so that a retried read goes to the host in use by then. Without the factory's
        // logging handlers: YARP logs each forwarded call itself (category Yarp), and their work around every call (a
        // log scope with the address formatted for it, timing, level checks) cost the forwarded read 5-10 % of its rate
        // (docs/benchmarks.md).
        AddAgoraClient(services, Forwarder, builder => builder.AddHttpMessageHandler<IdempotentRetryHandler>().RemoveAllLoggers());
        // Each of the gateway's own calls is bounded by its caller (the poller's deadlines, with their grace after a pause),
        // and the client's own timeout (100 s by default) has no grace: past it, a process paused mid-poll would race it.
        // Its calls are logged by AgoraCallLogger, not the factory's loggers, which hand every provider the credential
        // headers' values as a Trace line's attributes.
        AddAgoraClient(services, Service, builder => builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers().AddLogger<AgoraCallLogger>());
        services.AddSingleton<IForwarderHttpClientFactory, AgoraForwarderHttpClientFactory>();
        return services;
    }

    static void AddAgoraClient(IServiceCollection services, string name, Action<IHttpClientBuilder> retries)
    {
        var client = services.AddHttpClient(name)
            .UseSocketsHttpHandler((handler, provider) => Configure(handler, provider.GetRequiredService<IOptions<AgoraOptions>>().Value))
            // The handler replaces its own connections (ConnectionLifetime); the factory need not replace the handler.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        retries(client);
        client.AddHttpMessageHandler<HostFailoverHandler>().AddHttpMessageHandler<WriteOnceHandler>();
    }

    static void Configure(SocketsHttpHandler handler, AgoraOptions options)
    {
        handler.UseProxy = false;
        handler.AllowAutoRedirect = false;
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.UseCookies = false;
        handler.EnableMultipleHttp2Connections = true;
        // The caller's trace goes on to Agora; a client's own trace headers are replaced, not passed along, and its baggage
        // goes nowhere.
        handler.ActivityHeadersPropagator = new ReverseProxyPropagator(new Telemetry.TraceContextOnly(DistributedContextPropagator.Current));
        handler.ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSeconds, 5));
        handler.PooledConnectionLifetime = ConnectionLifetime;
    }
}
