using Classroom.Emulator.Hosting;
namespace Gateway.Resilience;

public static class ResilienceRegistration
{
    /// <summary>
    /// The circuit breaker around calls to Agora, its thresholds validated on start; the probe that brings calls back from
    /// the backup host to the primary.
    /// </summary>
    public static IServiceCollection AddUpstreamResilience(this IServiceCollection services)
    {
        services.AddOptions<CircuitBreakerOptions>().BindSettings(CircuitBreakerOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<UpstreamCircuitBreaker>();
        services.AddHostedService<PrimaryHostProbe>();
        return services;
    }
}
