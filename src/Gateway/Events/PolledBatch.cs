namespace Gateway.Events;

/// <summary>What one call to Agora's event queue gave: events (perhaps none), or why not and how long to wait.</summary>
public sealed record PolledBatch(IReadOnlyList<AgoraEvent> Events, string? Failure = null, TimeSpan? RetryAfter = null)
{
    public bool Failed => Failure is not null;

    public static PolledBatch Fail(string failure, TimeSpan? retryAfter = null) => new([], failure, retryAfter);
}
