namespace Gateway.Health;

/// <summary>One check of a health report: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>, and why.</summary>
public sealed record HealthCheckBody(string Status, string? Description);
