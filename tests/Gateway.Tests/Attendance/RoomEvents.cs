using Classroom.Agora.Models;
using System.Text.Json;

namespace Gateway.Tests.Attendance;

/// <summary>A room's cmd 1 and cmd 20 events as Agora shapes them, numbered in order, at times relative to a class start.</summary>
public sealed class RoomEvents(string roomUuid, DateTimeOffset classStart)
{
    readonly List<AgoraEvent> _events = [];

    public IReadOnlyList<AgoraEvent> Events => _events;

    public RoomEvents ClassStarted() => Add(EventCmd.ClassState, new { state = 1, startTime = classStart.ToUnixTimeMilliseconds() });

    public RoomEvents Entered(string userUuid, string userName, object role, TimeSpan sinceStart) =>
        Add(EventCmd.UsersChanged, new { total = 1, onlineUsers = new[] { Change(userUuid, userName, role, 1, sinceStart) }, offlineUsers = Array.Empty<object>() });

    public RoomEvents Left(string userUuid, string userName, object role, TimeSpan sinceStart, int type = 1) =>
        Add(EventCmd.UsersChanged, new { total = 0, onlineUsers = Array.Empty<object>(), offlineUsers = new[] { Change(userUuid, userName, role, type, sinceStart) } });

    public RoomEvents Kicked(string userUuid, string userName, object role, TimeSpan sinceStart) => Left(userUuid, userName, role, sinceStart, type: 2);

    public RoomEvents Add(int cmd, object data)
    {
        _events.Add(new AgoraEvent(roomUuid, cmd, _events.Count + 1, 1, JsonSerializer.SerializeToElement(data)));
        return this;
    }

    object Change(string userUuid, string userName, object role, int type, TimeSpan sinceStart) =>
        new { userUuid, userName, role, type, updateTime = (classStart + sinceStart).ToUnixTimeMilliseconds() };
}
