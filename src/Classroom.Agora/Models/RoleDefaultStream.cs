using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>The stream a user of a role starts with: each state 0 (off) or 1 (on).</summary>
public sealed record RoleDefaultStream
{
    [JsonPropertyName("state")] public int? State { get; init; }
    [JsonPropertyName("videoState")] public int? VideoState { get; init; }
    [JsonPropertyName("audioState")] public int? AudioState { get; init; }
}
