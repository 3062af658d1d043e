using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>A widget named at creation, <c>roomProperties.widgets.netlessBoard</c> or <c>.easemobIM</c>: 0 off, 1 on.</summary>
public sealed record InitialWidget
{
    [JsonPropertyName("state")] public int? State { get; init; }

    /// <summary>Any other key is kept as it came: Agora's tree holds what the room was created with.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}
