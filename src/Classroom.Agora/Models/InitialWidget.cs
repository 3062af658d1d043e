using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>A widget named at creation, <c>roomProperties.widgets.netlessBoard</c> or <c>.easemobIM</c>: 0 off, 1 on.</summary>
public sealed record InitialWidget
{
    [JsonPropertyName("state")] public int? State { get; init; }
}
