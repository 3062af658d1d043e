using Gateway.Events;

namespace Gateway.Audit;

/// <summary><c>data</c> of <c>GET /api/v1/audit</c>: entries oldest first, and the cursor to go on from.</summary>
public sealed record AuditSlice(IReadOnlyList<AuditEntry> List, string Next) : CursorSlice;
