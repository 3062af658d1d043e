using Gateway.Events;

namespace Gateway.Audit;

/// <summary>An audit entry and its position in the trail.</summary>
public sealed record StoredAuditEntry(EventCursor Cursor, AuditEntry Entry);
