using System.Text.Json;
using System.Text.Json.Serialization;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>POST /v2/rooms/{roomUuid}</c>.</summary>
public sealed record CreateRoomRequest : IAgoraRequestBody<CreateRoomRequest>
{
    public const int OneToOne = 0;
    public const int LectureHall = 2;
    public const int SmallClass = 4;
    public const int CloudClass = 10;

    /// <summary>The room types a room is created with.</summary>
    public static readonly int[] RoomTypes = [OneToOne, LectureHall, SmallClass, CloudClass];

    /// <summary>Whether <paramref name="type"/> is a room type a room is created with.</summary>
    public static bool IsRoomType(int type) => RoomTypes.Contains(type);

    [JsonPropertyName("roomName")] public string? RoomName { get; init; }
    [JsonPropertyName("roomType")] public int? RoomType { get; init; }

    /// <summary>Per role number (<c>"2"</c> students): the role's limit and default stream; required for room type 10.</summary>
    [JsonPropertyName("roleConfig")] public IReadOnlyDictionary<string, RoleConfig>? RoleConfig { get; init; }

    [JsonPropertyName("roomProperties")] public RoomProperties? RoomProperties { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<CreateRoomRequest>.Validate(CreateRoomRequest body) => body.Validate();
}

public sealed record RoomProperties
{
    [JsonPropertyName("schedule")] public RoomSchedule? Schedule { get; init; }
    [JsonPropertyName("processes")] public RoomProcesses? Processes { get; init; }

    /// <summary>The application's own room properties, which Agora's client reads as <c>flexProps</c>.</summary>
    [JsonPropertyName("flexProps")] public IReadOnlyDictionary<string, JsonElement>? FlexProps { get; init; }

    /// <summary>Widgets switched on or off from the start, by widget id (<c>netlessBoard</c>, <c>easemobIM</c>).</summary>
    [JsonPropertyName("widgets")] public IReadOnlyDictionary<string, InitialWidget>? Widgets { get; init; }

    /// <summary>Any other custom room property is kept as it came.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>When a class is planned: <c>startTime</c> in Unix milliseconds, <c>duration</c> and <c>closeDelay</c> in seconds.</summary>
public sealed record RoomSchedule
{
    [JsonPropertyName("startTime")] public long? StartTime { get; init; }
    [JsonPropertyName("duration")] public long? Duration { get; init; }
    [JsonPropertyName("closeDelay")] public long? CloseDelay { get; init; }

    /// <summary>Any other key is kept as it came: Agora's tree holds what the room was created with.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Body of <c>PUT /v2/rooms/{roomUuid}/users/{userUuid}</c>, the client SDK's entry call.</summary>
public sealed record EnterRoomRequest
{
    [JsonPropertyName("userName")] public string? UserName { get; init; }

    /// <summary>Agora's examples write the role both as a number and as a string; either is read as its text.</summary>
    [JsonPropertyName("role"), JsonConverter(typeof(NumberOrStringConverter))]
    public string? Role { get; init; }
}

/// <summary>Body of <c>POST /v2/rooms/{roomUuid}/users/{userUuid}/exit</c>; an absent <c>dirty</c> is a plain kick.</summary>
public sealed record KickRequest : IAgoraRequestBody<KickRequest>
{
    [JsonPropertyName("dirty")] public DirtyState? Dirty { get; init; }

    static bool IAgoraRequestBody<KickRequest>.MayBeEmpty => true;

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<KickRequest>.Validate(KickRequest body) => body.Validate();
}

/// <summary><c>state</c> 1 keeps the kicked user out for <c>duration</c> seconds, or for good without one; 0 lets it back at once.</summary>
public sealed record DirtyState
{
    public const int Clean = 0;
    public const int Dirty = 1;

    [JsonPropertyName("state")] public int? State { get; init; }
    [JsonPropertyName("duration")] public long? Duration { get; init; }
}
