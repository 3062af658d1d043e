namespace Gateway.Events;

/// <summary>
/// One event as the log holds it, with its position and when the log took it: within a poll of when it happened, the
/// only time Agora's events without a time of their own (a class's end) have.
/// </summary>
public sealed record LoggedEvent(EventCursor Cursor, AgoraEvent Event, DateTimeOffset LoggedAt);
