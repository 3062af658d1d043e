namespace Gateway.Attendance;

/// <summary>
/// One user's attendance: their name and role as Agora last reported them, each stay, the minutes present (a stay not
/// ended yet counts up to the answer), the seconds from the class start to their first entry (negative when they came
/// early; null when the log holds no class start), and whether they were ever kicked.
/// </summary>
public sealed record UserAttendance(
    string UserUuid,
    string UserName,
    string? Role,
    IReadOnlyList<PresenceInterval> Intervals,
    double MinutesPresent,
    long? FirstEntryAfterStartSeconds,
    bool Kicked);
