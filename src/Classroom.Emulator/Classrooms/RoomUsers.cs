using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Classrooms;

sealed record RoomUser(string UserUuid, string UserName, string? Role, DateTimeOffset UpdatedAt);

/// <summary>Who is in a room, and who was kicked out dirty and until when.</summary>
sealed class RoomUsers(RoomEventLog events)
{
    const int Entered = 1;
    const int Kicked = 2;

    readonly Dictionary<string, RoomUser> _online = new(StringComparer.Ordinal);
    readonly Dictionary<string, DateTimeOffset> _bannedUntil = new(StringComparer.Ordinal);

    public Outcome<RoomUser> Enter(string userUuid, EnterRoomRequest request, DateTimeOffset now)
    {
        if (_bannedUntil.TryGetValue(userUuid, out var until))
        {
            if (now < until)
            {
                return AgoraFailure.UserBanned(until);
            }
            _bannedUntil.Remove(userUuid);
        }
        var user = new RoomUser(userUuid, request.UserName ?? userUuid, request.Role, now);
        _online[userUuid] = user;
        events.Append(EventCmd.UsersChanged, new { total = _online.Count, onlineUsers = new[] { Describe(user, Entered) }, offlineUsers = Array.Empty<UserChange>() });
        return user;
    }

    public Outcome<NoData> Kick(string userUuid, KickRequest request, DateTimeOffset now)
    {
        if (!_online.Remove(userUuid, out var user))
        {
            return AgoraFailure.UserNotFound;
        }
        if (request.Dirty is { State: DirtyState.Dirty, Duration: > 0 and var seconds })
        {
            _bannedUntil[userUuid] = now.AddSeconds(seconds);
        }
        events.Append(EventCmd.UsersChanged, new
        {
            total = _online.Count,
            onlineUsers = Array.Empty<UserChange>(),
            offlineUsers = new[] { Describe(user with { UpdatedAt = now }, Kicked) },
        });
        return NoData.Done;
    }

    static UserChange Describe(RoomUser user, int type) =>
        new(user.UserUuid, user.UserName, user.Role, type, user.UpdatedAt.ToUnixTimeMilliseconds());
}

/// <summary>A user of a cmd 20 event: <c>type</c> 1 entered, 2 kicked.</summary>
sealed record UserChange(
    string UserUuid,
    string UserName,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(NumberOrStringConverter))] string? Role,
    int Type,
    long UpdateTime);
