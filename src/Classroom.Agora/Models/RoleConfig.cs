using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>What a role may do in a classroom: at most <c>limit</c> users of it, and the streams each starts with.</summary>
public sealed record RoleConfig
{
    [JsonPropertyName("limit")] public int? Limit { get; init; }
    [JsonPropertyName("defaultStream")] public RoleDefaultStream? DefaultStream { get; init; }
}
