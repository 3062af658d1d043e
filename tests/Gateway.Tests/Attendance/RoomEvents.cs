using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;

namespace Gateway.Tests.Attendance;

/// <summary>
/// A room's cmd 1 and cmd 20 events as Agora shapes them, numbered in order, at times relative to a class start, each
/// logged when it happened (the one without a time, when the one before it happened).
/// </summary>
public sealed class RoomEvents(string roomUuid, DateTimeOffset classStart)
{
    readonly List<LoggedEvent> _events = [];
    TimeSpan _sinceStart;

    public IReadOnlyList<LoggedEvent> Events => _events;

    public RoomEvents ClassStarted() => Add(EventCmd.ClassState, new { state = 1, startTime = classStart.ToUnixTimeMilliseconds() });

    /// <summary>Agora's class end: the start time again, and no time of its own; the log takes it <paramref name="sinceStart"/>.</summary>
    public RoomEvents ClassEnded(TimeSpan sinceStart) =>
        At(sinceStart).Add(EventCmd.ClassState, new { state = 2, startTime = classStart.ToUnixTimeMilliseconds() });

    public RoomEvents Entered(string userUuid, string userName, object role, TimeSpan sinceStart) =>
        At(sinceStart).Add(EventCmd.UsersChanged, new { total = 1, onlineUsers = new[] { Change(userUuid, userName, role, 1, sinceStart) }, offlineUsers = Array.Empty<object>() });

    public RoomEvents Left(string userUuid, string userName, object role, TimeSpan sinceStart, int type = 1) =>
        At(sinceStart).Add(EventCmd.UsersChanged, new { total = 0, onlineUsers = Array.Empty<object>(), offlineUsers = new[] { Change(userUuid, userName, role, type, sinceStart) } });

    public RoomEvents Kicked(string userUuid, string userName, object role, TimeSpan sinceStart) => Left(userUuid, userName, role, sinceStart, type: 2);

    public RoomEvents Add(int cmd, object data)
    {
        var (sequence, logged) = (_events.Count + 1, classStart + _sinceStart);
        _events.Add(new LoggedEvent(new EventCursor((ulong)logged.ToUnixTimeMilliseconds(), (ulong)sequence),
            new AgoraEvent(roomUuid, cmd, sequence, 1, JsonSerializer.SerializeToElement(data)), logged));
        return this;
    }

    RoomEvents At(TimeSpan sinceStart)
    {
        _sinceStart = sinceStart;
        return this;
    }

    object Change(string userUuid, string userName, object role, int type, TimeSpan sinceStart) =>
        new { userUuid, userName, role, type, updateTime = (classStart + sinceStart).ToUnixTimeMilliseconds() };
}
