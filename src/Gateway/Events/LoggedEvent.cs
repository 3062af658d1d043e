namespace Gateway.Events;

/// <summary>One event as the log holds it, with its position.</summary>
public sealed record LoggedEvent(EventCursor Cursor, AgoraEvent Event);
