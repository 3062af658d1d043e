using Gateway.Events;

namespace Gateway.Audit;

/// <summary>An audit entry and its position in the trail: a value, so that a trail of them holds no object per entry for it.</summary>
public readonly record struct StoredAuditEntry(EventCursor Cursor, AuditEntry Entry);
