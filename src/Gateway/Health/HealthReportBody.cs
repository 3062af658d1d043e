namespace Gateway.Health;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>, as the OpenAPI document describes it.</summary>
public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckBody> Checks);

/// <summary>One check of a health report: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>, and why.</summary>
public sealed record HealthCheckBody(string Status, string? Description);
