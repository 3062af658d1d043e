namespace Gateway.Attendance;

/// <summary>One user's stays as a room's cmd 20 events are read in sequence order.</summary>
sealed class UserLedger(string userUuid)
{
    readonly List<PresenceInterval> _intervals = [];
    string? _userName;
    string? _role;
    bool _kicked;

    /// <summary>Opens a stay, unless one is open already (an entry Agora repeats is not a second stay).</summary>
    public void Enter(UserPresenceChange change, DateTimeOffset at)
    {
        Describe(change);
        if (_intervals is not [.., { Left: null }])
        {
            _intervals.Add(new PresenceInterval(at, null));
        }
    }

    /// <summary>Ends the open stay, never before it began; a kick is remembered even when the entry is no longer in the log.</summary>
    public void Leave(UserPresenceChange change, DateTimeOffset at)
    {
        Describe(change);
        _kicked |= change.Type == UserPresenceChange.Kicked;
        EndStay(at);
    }

    /// <summary>Ends the open stay, if any, at <paramref name="at"/> (a leave, or the class end), never before it began.</summary>
    public void EndStay(DateTimeOffset at)
    {
        if (_intervals is [.., { Left: null } open])
        {
            _intervals[^1] = open with { Left = at < open.Entered ? open.Entered : at };
        }
    }

    public string UserUuid => userUuid;

    public DateTimeOffset? FirstEntry => _intervals.Count > 0 ? _intervals[0].Entered : null;

    public UserAttendance ToAttendance(DateTimeOffset? classStart, DateTimeOffset now)
    {
        var present = _intervals.Sum(i => Math.Max(0, ((i.Left ?? now) - i.Entered).Ticks));
        long? firstEntryAfterStart = (FirstEntry - classStart) is { } sinceStart ? (long)Math.Floor(sinceStart.TotalSeconds) : null;
        return new UserAttendance(userUuid, _userName ?? userUuid, _role, [.. _intervals], TenthsOfAMinute(present), firstEntryAfterStart, _kicked);
    }

    /// <summary>
    /// Rounded as a reader rounds, a half up (rounded to even, 15 s was 0.2 and 45 s 0.8), and in decimal, where a half is
    /// exactly one, not a binary fraction a hair either side of it.
    /// </summary>
    static double TenthsOfAMinute(long ticks) =>
        (double)Math.Round((decimal)ticks / TimeSpan.TicksPerMinute, 1, MidpointRounding.AwayFromZero);

    void Describe(UserPresenceChange change)
    {
        // An empty name is one Agora reported; only an event without one leaves the name as it was.
        _userName = change.UserName ?? _userName;
        _role = change.Role ?? _role;
    }
}
