using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>
/// <c>roomProperties.processes.handsUp</c>: at most <c>maxAccept</c> students on stage; <c>defaultAcceptRole</c> is the
/// role a raised hand is accepted for without the teacher (Agora's client sends <c>""</c> for none, or a role name).
/// </summary>
public sealed record HandsUpSettings
{
    [JsonPropertyName("maxAccept")] public int? MaxAccept { get; init; }

    [JsonPropertyName("defaultAcceptRole"), JsonConverter(typeof(NumberOrStringConverter))]
    public string? DefaultAcceptRole { get; init; }

    /// <summary>Any other key is kept as it came: Agora's tree holds what the room was created with.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}
