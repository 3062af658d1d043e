using System.Diagnostics.Metrics;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Support;

/// <summary>One gateway's own measurements of its meter: the other gateways of the test run share the meter's name.</summary>
public static class GatewayMeasurements
{
    /// <summary>What <paramref name="gateway"/> alone records of <paramref name="instrument"/> from now on.</summary>
    public static MetricCollector<long> Measure(this WebApplicationFactory<Program> gateway, string instrument) =>
        new(gateway.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName, instrument);

    /// <summary>The sum of what was recorded so far: a counter's count.</summary>
    public static long Sum(this MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>The misses of <paramref name="cache"/> recorded so far by <c>gateway.cache.lookups</c>.</summary>
    public static long Misses(this MetricCollector<long> lookups, string cache) => lookups.GetMeasurementSnapshot()
        .Where(m => Equals(m.Tags["cache.name"], cache) && Equals(m.Tags["cache.result"], "miss")).Sum(m => m.Value);
}
