using Gateway.Events;

namespace Gateway.Audit;

/// <summary>
/// Where audit entries are kept: a Redis stream shared by every instance when Redis is configured, else this process.
/// Positions are <see cref="EventCursor"/>s, opaque to clients, as the event log's are.
/// </summary>
public interface IAuditTrail
{
    /// <exception cref="AuditTrailUnavailableException">The storage could not be reached.</exception>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> entries after <paramref name="after"/> that match <paramref name="filter"/>.</summary>
    /// <exception cref="AuditTrailUnavailableException">The storage could not be reached.</exception>
    Task<AuditPage> ReadAsync(EventCursor after, int limit, AuditFilter filter, CancellationToken cancellationToken);
}
