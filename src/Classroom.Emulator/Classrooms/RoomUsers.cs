using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Properties;

namespace Classroom.Emulator.Classrooms;

/// <summary>Who entered a room and who is in it now, their properties, and who was kicked out dirty and until when.</summary>
sealed class RoomUsers(RoomEventLog events)
{
    const int Entered = 1;
    const int Kicked = 2;

    readonly Dictionary<string, RoomMember> _members = new(StringComparer.Ordinal);
    readonly Dictionary<string, DateTimeOffset> _bannedUntil = new(StringComparer.Ordinal);

    /// <summary>Raised after a user went offline and its event was appended: the widgets the user owned go next.</summary>
    public event Action<string>? WentOffline;

    int OnlineCount => _members.Values.Count(member => member.Online);

    /// <summary><paramref name="role"/> is kept as sent, number or text: Agora writes it both ways, and readers read it as it came.</summary>
    public Outcome<RoomMember> Enter(string userUuid, EnterRoomRequest request, JsonNode? role, DateTimeOffset now)
    {
        if (_bannedUntil.TryGetValue(userUuid, out var until))
        {
            if (now < until)
            {
                return until == DateTimeOffset.MaxValue ? AgoraFailure.UserBannedForGood : AgoraFailure.UserBanned(until);
            }
            _bannedUntil.Remove(userUuid);
        }
        if (!_members.TryGetValue(userUuid, out var member))
        {
            _members[userUuid] = member = new RoomMember(userUuid);
        }
        member.UserName = request.UserName ?? userUuid;
        member.Role = role;
        member.Online = true;
        member.UpdatedAt = now;
        events.Append(EventCmd.UsersChanged, new { total = OnlineCount, onlineUsers = new[] { Describe(member, Entered) }, offlineUsers = Array.Empty<UserChange>() });
        return member;
    }

    /// <summary>A dirty kick without <c>duration</c> keeps the user out for good.</summary>
    public Outcome<NoData> Kick(string userUuid, KickRequest request, DateTimeOffset now)
    {
        if (!_members.TryGetValue(userUuid, out var member) || !member.Online)
        {
            return AgoraFailure.UserNotFound;
        }
        if (request.Dirty is { State: DirtyState.Dirty } dirty)
        {
            if (dirty.Duration is null)
            {
                _bannedUntil[userUuid] = DateTimeOffset.MaxValue;
            }
            else if (dirty.Duration > 0)
            {
                _bannedUntil[userUuid] = now.AddSeconds(dirty.Duration.Value);
            }
        }
        member.Online = false;
        member.UpdatedAt = now;
        events.Append(EventCmd.UsersChanged, new
        {
            total = OnlineCount,
            onlineUsers = Array.Empty<UserChange>(),
            offlineUsers = new[] { Describe(member, Kicked) },
        });
        WentOffline?.Invoke(userUuid);
        return NoData.Done;
    }

    /// <summary>Anyone who ever entered, online or not; a stranger is 20404200.</summary>
    public Outcome<RoomMember> Find(string userUuid) =>
        _members.TryGetValue(userUuid, out var member) ? member : AgoraFailure.UserNotFound;

    public bool IsOnline(string userUuid) => _members.TryGetValue(userUuid, out var member) && member.Online;

    public Outcome<NoData> SetProperties(string userUuid, SetPropertiesRequest request) =>
        Find(userUuid).Then(member => Announce(member, PropertyAction.Set, member.Properties.SetAll(request.Properties!), request.Cause));

    /// <summary>Keys the user does not have are passed over; only a deletion that removed something is announced.</summary>
    public Outcome<NoData> DeleteProperties(string userUuid, DeletePropertiesRequest request) =>
        Find(userUuid).Then(member => Announce(member, PropertyAction.Deleted, member.Properties.RemoveAll(request.Properties!), request.Cause));

    Outcome<NoData> Announce(RoomMember member, int action, JsonObject changes, JsonElement? cause) =>
        PropertyChange.Announce(events, EventCmd.UserPropertiesChanged, action, changes, cause, member);

    static UserChange Describe(RoomMember member, int type) =>
        new(member.UserUuid, member.UserName, member.Role, type, member.UpdatedAt.ToUnixTimeMilliseconds());
}

/// <summary>A user of a cmd 20 event: <c>type</c> 1 entered, 2 kicked.</summary>
sealed record UserChange(
    string UserUuid,
    string UserName,
    JsonNode? Role,
    int Type,
    long UpdateTime);
