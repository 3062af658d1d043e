using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary><c>data</c> of <c>GET /v2/rooms/{roomUuid}/users/{userUuid}</c>.</summary>
public sealed record RoomUserDetails
{
    public const int Offline = 0;
    public const int Online = 1;

    public string UserUuid { get; init; } = "";
    public string UserName { get; init; } = "";

    /// <summary>As the user entered with it: a role number or name.</summary>
    [JsonConverter(typeof(NumberOrStringConverter))] public string? Role { get; init; }

    public string StreamUuid { get; init; } = "";

    /// <summary>0 offline, 1 online.</summary>
    public int State { get; init; }

    /// <summary>Custom properties, and each widget's properties of this user under <c>widgets.{widgetUuid}</c>.</summary>
    public JsonElement UserProperties { get; init; }

    public long UpdateTime { get; init; }
}
