namespace Gateway.Attendance;

/// <summary>A room's attendance as the event log tells it: the class start (null when the log holds none) and each user.</summary>
public sealed record RoomAttendance(string RoomUuid, DateTimeOffset? ClassStartedAt, IReadOnlyList<UserAttendance> List);
