namespace Gateway.Attendance;

/// <summary>One stay in a room: when the user entered, and when they left or were kicked (null while still present).</summary>
public sealed record PresenceInterval(DateTimeOffset Entered, DateTimeOffset? Left);
