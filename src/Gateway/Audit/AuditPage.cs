using Gateway.Events;

namespace Gateway.Audit;

/// <summary>
/// Entries after a cursor that match a filter, oldest first, and the cursor to read on from. <c>Missed</c>, as an
/// <see cref="EventLogPage"/>'s: the trail appended entries after the cursor, before the first one it looked at, whatever
/// their filter, that it no longer holds.
/// </summary>
public sealed record AuditPage(IReadOnlyList<StoredAuditEntry> Entries, EventCursor Next, bool Missed = false);
