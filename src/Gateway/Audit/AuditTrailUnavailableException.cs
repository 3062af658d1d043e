namespace Gateway.Audit;

/// <summary>The trail's storage (Redis) could not be reached: nothing or all of a batch was written.</summary>
public sealed class AuditTrailUnavailableException(string message) : Exception(message);
