using System.Text.Json.Serialization;

namespace Gateway.Attendance;

/// <summary>A user of a cmd 20 event (<c>onlineUsers[]</c> or <c>offlineUsers[]</c>); offline <c>type</c> 2 is a kick.</summary>
public sealed record UserPresenceChange(
    [property: JsonPropertyName("userUuid")] string? UserUuid,
    [property: JsonPropertyName("userName")] string? UserName,
    [property: JsonPropertyName("role"), JsonConverter(typeof(NumberOrStringConverter))] string? Role,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("updateTime")] long? UpdateTime)
{
    public const int Kicked = 2;
}
