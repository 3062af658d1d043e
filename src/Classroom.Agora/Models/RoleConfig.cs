using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>
/// What a role may do in a classroom: at most <c>limit</c> users of it, and the streams each starts with. A client sends
/// it and a room's query answers it, an unset field left out either way, never null.
/// </summary>
public sealed record RoleConfig
{
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Limit { get; init; }
    [JsonPropertyName("defaultStream"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RoleDefaultStream? DefaultStream { get; init; }
}
