namespace Gateway.Health;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>, as the OpenAPI document describes it.</summary>
public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckBody> Checks);
