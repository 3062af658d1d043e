using System.Text.Json.Serialization;

namespace Gateway.Attendance;

/// <summary>The <c>data</c> of a cmd 20 event: who came online and who went offline.</summary>
public sealed record UsersChanged(
    [property: JsonPropertyName("onlineUsers")] IReadOnlyList<UserPresenceChange>? OnlineUsers,
    [property: JsonPropertyName("offlineUsers")] IReadOnlyList<UserPresenceChange>? OfflineUsers)
{
    /// <summary>The users <paramref name="roomEvent"/> says were kicked out (offline <c>type</c> 2); none for another cmd, or data not of its shape.</summary>
    public static string[] KickedIn(AgoraEvent roomEvent) =>
        roomEvent.Cmd == EventCmd.UsersChanged && AttendanceSheet.Read<UsersChanged>(roomEvent.Data)?.OfflineUsers is { } offline
            ? [.. offline.Where(u => u is { Type: UserPresenceChange.Kicked, UserUuid: not null }).Select(u => u.UserUuid!)]
            : [];
}
