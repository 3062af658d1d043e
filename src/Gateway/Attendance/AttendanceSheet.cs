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
                Apply(users, changed.OfflineUsers, (ledger, change, at) => ledger.Leave(change, at));
                Apply(users, changed.OnlineUsers, (ledger, change, at) => ledger.Enter(change, at));
            }
        }
        var list = users.Values.OrderBy(u => u.FirstEntry ?? DateTimeOffset.MaxValue).ThenBy(u => u.UserUuid, StringComparer.Ordinal)
            .Select(u => u.ToAttendance(classStart, now)).ToList();
        return new RoomAttendance(roomUuid, classStart, list);
    }

    /// <summary>
    /// The events of the room's latest class, in sequence order. Agora numbers a room's events from 1 again when a destroyed
    /// room's id is used anew, so in the log's order a number already seen with other content starts the next class; an
    /// event repeated as it was counts once.
    /// </summary>
    static IEnumerable<LoggedEvent> LatestClass(string roomUuid, IEnumerable<LoggedEvent> events)
    {
        var latest = new Dictionary<long, LoggedEvent>();
        foreach (var logged in events.Where(e => e.Event.RoomUuid == roomUuid))
        {
            var roomEvent = logged.Event;
            if (latest.TryGetValue(roomEvent.Sequence, out var known))
            {
                if (known.Event.Cmd == roomEvent.Cmd && JsonElement.DeepEquals(known.Event.Data, roomEvent.Data))
                {
                    continue;
                }
                latest.Clear();
            }
            latest[roomEvent.Sequence] = logged;
        }
        return latest.Values.OrderBy(e => e.Event.Sequence);
    }

    static void Apply(Dictionary<string, UserLedger> users, IReadOnlyList<UserPresenceChange>? changes,
        Action<UserLedger, UserPresenceChange, DateTimeOffset> apply)
    {
        foreach (var change in changes ?? [])
        {
            if (change.UserUuid is { Length: > 0 } userUuid && Time(change.UpdateTime) is { } at)
            {
                if (!users.TryGetValue(userUuid, out var ledger))
                {
                    users[userUuid] = ledger = new UserLedger(userUuid);
                }
                apply(ledger, change, at);
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
