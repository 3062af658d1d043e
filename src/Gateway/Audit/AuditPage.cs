using Gateway.Events;

namespace Gateway.Audit;

/// <summary>Entries after a cursor that match a filter, oldest first, and the cursor to read on from.</summary>
public sealed record AuditPage(IReadOnlyList<StoredAuditEntry> Entries, EventCursor Next);
