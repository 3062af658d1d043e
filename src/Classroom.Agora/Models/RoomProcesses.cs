using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary><c>roomProperties.processes</c>: how students ask to go on stage.</summary>
public sealed record RoomProcesses
{
    [JsonPropertyName("handsUp")] public HandsUpSettings? HandsUp { get; init; }
}
