using System.Text.Json.Serialization;

namespace Gateway.Launch;

/// <summary>
/// What the classroom SDK takes, named as it names them, ready to spread into <c>AgoraEduSDK.config</c> (<c>appId</c>,
/// <c>region</c>) and <c>launch</c> (the rest). <c>token</c> and <c>rtmToken</c> are the same room-user token: SDK 2.9
/// reads the first, earlier versions the second. <c>startTime</c> is there only when the room is scheduled.
/// </summary>
public sealed record LaunchOptions(
    string AppId,
    string Region,
    string UserUuid,
    string UserName,
    string RoomUuid,
    string RoomName,
    int RoomType,
    int RoleType,
    string Token,
    string RtmToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? StartTime,
    long Duration,
    string Language,
    DateTimeOffset ExpiresAt);
