namespace Gateway.Events;

/// <summary>The log's storage cannot be reached right now; the caller answers 503 or retries.</summary>
public sealed class EventLogUnavailableException(Exception inner) : Exception("The event log cannot be reached.", inner);
