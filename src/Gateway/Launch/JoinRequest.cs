using System.Text.Json.Serialization;
using Classroom.Agora.Validation;

namespace Gateway.Launch;

/// <summary>
/// Body of <c>POST /api/v1/rooms/{roomUuid}/join</c>: nothing to join a room that exists; a teacher or admin may add
/// Agora's create body (<c>roomName</c>, <c>roomType</c>, optional <c>roleConfig</c> and <c>roomProperties</c>) to create
/// the room first when it does not. Checked by the create rules whenever it says anything.
/// </summary>
public sealed record JoinRequest : IAgoraRequestBody<JoinRequest>
{
    [JsonPropertyName("roomName")] public string? RoomName { get; init; }
    [JsonPropertyName("roomType")] public int? RoomType { get; init; }
    [JsonPropertyName("roleConfig")] public IReadOnlyDictionary<string, RoleConfig>? RoleConfig { get; init; }
    [JsonPropertyName("roomProperties")] public RoomProperties? RoomProperties { get; init; }

    /// <summary>Whether the body asks for the room to be created when missing.</summary>
    [JsonIgnore]
    public bool CreatesRoom => RoomName is not null || RoomType is not null || RoleConfig is not null || RoomProperties is not null;

    public CreateRoomRequest ToCreateRoom() =>
        new() { RoomName = RoomName, RoomType = RoomType, RoleConfig = RoleConfig, RoomProperties = RoomProperties };

    static bool IAgoraRequestBody<JoinRequest>.MayBeEmpty => true;

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<JoinRequest>.Validate(JoinRequest body) =>
        body.CreatesRoom ? body.ToCreateRoom().Validate() : new Dictionary<string, string[]>();
}
