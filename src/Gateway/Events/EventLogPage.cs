namespace Gateway.Events;

/// <summary>Events after a cursor, oldest first, and the cursor to read on from (the given one when there are none).</summary>
public sealed record EventLogPage(IReadOnlyList<LoggedEvent> Events, EventCursor Next);
