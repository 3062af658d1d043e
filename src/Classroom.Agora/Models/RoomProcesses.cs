using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary><c>roomProperties.processes</c>: how students ask to go on stage.</summary>
public sealed record RoomProcesses
{
    [JsonPropertyName("handsUp")] public HandsUpSettings? HandsUp { get; init; }

    /// <summary>Any other key is kept as it came: Agora's tree holds what the room was created with.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}
