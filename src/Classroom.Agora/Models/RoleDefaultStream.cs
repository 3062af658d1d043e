using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>The stream a user of a role starts with: each state 0 (off) or 1 (on).</summary>
public sealed record RoleDefaultStream
{
    [JsonPropertyName("state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? State { get; init; }
    [JsonPropertyName("videoState"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? VideoState { get; init; }
    [JsonPropertyName("audioState"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? AudioState { get; init; }
}
