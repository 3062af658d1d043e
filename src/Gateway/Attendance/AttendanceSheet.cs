using System.Text.Json;
using Gateway.Events;

namespace Gateway.Attendance;

/// <summary>
/// Attendance computed from a room's events alone — the class start and end (cmd 1) and users entering and leaving
/// (cmd 20) — so every instance that reads the same log answers the same. Events are taken in Agora's sequence order,
/// those of the room's latest class when its id was used again; a change without a user or an <c>updateTime</c> cannot be
/// placed and is passed over. The class's end carries no time: it ended when the log took its event, and the stays still
/// open end then, with what comes after it not counted.
/// </summary>
public static class AttendanceSheet
{
    static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static RoomAttendance Of(string roomUuid, IEnumerable<LoggedEvent> events, DateTimeOffset now)
    {
        DateTimeOffset? classStart = null;
        var users = new Dictionary<string, UserLedger>(StringComparer.Ordinal);
        foreach (var logged in LatestClass(roomUuid, events))
        {
            var roomEvent = logged.Event;
            if (roomEvent.Cmd == EventCmd.ClassState && Read<ClassStateChanged>(roomEvent.Data) is { } state)
            {
                classStart ??= Time(state.StartTime);
                if (state.State == ClassState.Ended)
                {
                    foreach (var ledger in users.Values)
                    {
                        ledger.EndStay(logged.LoggedAt);
                    }
                    break;
                }
            }
            else if (roomEvent.Cmd == EventCmd.UsersChanged && Read<UsersChanged>(roomEvent.Data) is { } changed)
            {
                Apply(users, changed);
            }
        }
        var list = users.Values.OrderBy(u => u.FirstEntry ?? DateTimeOffset.MaxValue).ThenBy(u => u.UserUuid, StringComparer.Ordinal)
            .Select(u => u.ToAttendance(classStart, now)).ToList();
        return new RoomAttendance(roomUuid, classStart, list);
    }

    /// <summary>
    /// The events of the room's latest class, in sequence order. Agora destroys a room an hour after its class ended and
    /// numbers a room's events from 1 again when its id is used anew, so in the log's order the next class begins with an
    /// event numbered no higher than a class end the log took, logged an hour or more after it, and not missing between
    /// the numbers the class holds (a new class's first is 1: met before, or below them all), or (the end missed, or
    /// logged late) with a number already seen with other content, or (the end missed: no gateway polled between the end
    /// and the room's destruction) with a number lower than any the class holds, logged an hour or more after its events.
    /// An event numbered after the end, or missing between the numbers before it, continues the ended class however late
    /// the log took it (a batch an instance held through an outage of the log, landing after what another polled). The
    /// log may have dropped the earlier class's first events, so what goes at a number met again is the earlier class's
    /// part alone: what the log took up to the last event numbered as high or higher. An event repeated as it was counts
    /// once.
    /// </summary>
    static IEnumerable<LoggedEvent> LatestClass(string roomUuid, IEnumerable<LoggedEvent> events)
    {
        var latest = new List<LoggedEvent>();
        var bySequence = new Dictionary<long, LoggedEvent>();
        (DateTimeOffset At, long Sequence)? end = null;
        (long Lowest, DateTimeOffset LastLogged)? held = null;
        foreach (var logged in events.Where(e => e.Event.RoomUuid == roomUuid))
        {
            var roomEvent = logged.Event;
            var known = bySequence.GetValueOrDefault(roomEvent.Sequence);
            if (known is not null && known.Event.Cmd == roomEvent.Cmd && JsonElement.DeepEquals(known.Event.Data, roomEvent.Data))
            {
                continue;
            }
            if (end is { } ended && roomEvent.Sequence <= ended.Sequence && logged.LoggedAt - ended.At >= RoomDestroyedAfterEnd
                && (known is not null || roomEvent.Sequence < held?.Lowest))
            {
                latest.Clear();
                bySequence.Clear();
                end = null;
                held = null;
            }
            else if (known is not null)
            {
                latest.RemoveRange(0, latest.FindLastIndex(e => e.Event.Sequence >= roomEvent.Sequence) + 1);
                bySequence = latest.ToDictionary(e => e.Event.Sequence);
                end = null;
                held = latest.Count > 0 ? (latest.Min(e => e.Event.Sequence), latest.Max(e => e.LoggedAt)) : null;
            }
            else if (held is { } kept && roomEvent.Sequence < kept.Lowest && logged.LoggedAt - kept.LastLogged >= RoomDestroyedAfterEnd)
            {
                latest.Clear();
                bySequence.Clear();
                held = null;
            }
            latest.Add(logged);
            bySequence[roomEvent.Sequence] = logged;
            held = held is { } before
                ? (Math.Min(before.Lowest, roomEvent.Sequence), Max(before.LastLogged, logged.LoggedAt))
                : (roomEvent.Sequence, logged.LoggedAt);
            if (roomEvent.Cmd == EventCmd.ClassState && Read<ClassStateChanged>(roomEvent.Data) is { State: ClassState.Ended })
            {
                end = (logged.LoggedAt, roomEvent.Sequence);
            }
        }
        return latest.OrderBy(e => e.Event.Sequence);
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>How long Agora keeps a room after its class ended: its id can name a new room only after that.</summary>
    static readonly TimeSpan RoomDestroyedAfterEnd = TimeSpan.FromHours(1);

    /// <summary>
    /// The event's changes in the order of their times, whichever list holds them: a user who entered and left between two
    /// of Agora's events is in both lists of one, and has left. At one time a leave comes first, so a user who left and
    /// entered again at once is present.
    /// </summary>
    static void Apply(Dictionary<string, UserLedger> users, UsersChanged changed)
    {
        var changes = (changed.OfflineUsers ?? []).Select(change => (change, enters: false))
            .Concat((changed.OnlineUsers ?? []).Select(change => (change, enters: true)));
        // A list may hold a null where a user was expected: no user, passed over like a change without one.
        foreach (var (change, enters) in changes.Where(c => c.change is not null).OrderBy(c => c.change.UpdateTime))
        {
            if (change.UserUuid is not { Length: > 0 } userUuid || Time(change.UpdateTime) is not { } at)
            {
                continue;
            }
            if (!users.TryGetValue(userUuid, out var ledger))
            {
                users[userUuid] = ledger = new UserLedger(userUuid);
            }
            if (enters)
            {
                ledger.Enter(change, at);
            }
            else
            {
                ledger.Leave(change, at);
            }
        }
    }

    static DateTimeOffset? Time(long? unixMilliseconds) =>
        unixMilliseconds is { } ms and >= 0 && ms <= MaxUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>An event whose data is not the shape its cmd promises is passed over, never fatal to the answer.</summary>
    internal static T? Read<T>(JsonElement data) where T : class
    {
        try
        {
            return data.Deserialize<T>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
