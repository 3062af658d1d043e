using System.Text.Json.Serialization;

namespace Gateway.Attendance;

/// <summary>The <c>data</c> of a cmd 20 event: who came online and who went offline.</summary>
public sealed record UsersChanged(
    [property: JsonPropertyName("onlineUsers")] IReadOnlyList<UserPresenceChange>? OnlineUsers,
    [property: JsonPropertyName("offlineUsers")] IReadOnlyList<UserPresenceChange>? OfflineUsers);
