using System.Text.Json;

namespace Classroom.Agora.Models;

/// <summary>
/// <c>data</c> of <c>GET /v2/rooms/{roomUuid}</c>. <c>roomProperties</c> holds <c>roomType</c>, <c>schedule</c>,
/// <c>processes</c>, <c>record</c>, <c>widgets</c>, <c>groups</c>, <c>flexProps</c> and every custom property.
/// </summary>
public sealed record ClassroomDetails
{
    public string RoomUuid { get; init; } = "";
    public string RoomName { get; init; } = "";
    public IReadOnlyDictionary<string, RoleConfig>? RoleConfig { get; init; }

    /// <summary>0 not started, 1 started, 2 ended.</summary>
    public int State { get; init; }

    /// <summary>The state of a class that has ended, for good: no state follows it, and nobody enters.</summary>
    public const int Ended = 2;

    /// <summary>When the class started (Unix ms), null before.</summary>
    public long? StartTime { get; init; }

    public long CreateTime { get; init; }

    /// <summary>1 when chat, audio or video is muted for the whole room.</summary>
    public int MuteChat { get; init; }
    public int MuteAudio { get; init; }
    public int MuteVideo { get; init; }

    public JsonElement RoomProperties { get; init; }
}
