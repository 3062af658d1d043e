using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>One classroom event; <c>sequence</c> grows by one per room. <c>data</c>'s shape depends on <c>cmd</c>.</summary>
public sealed record AgoraEvent(
    [property: JsonPropertyName("roomUuid")] string RoomUuid,
    [property: JsonPropertyName("cmd")] int Cmd,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("data")] JsonElement Data);

/// <summary>A page of a room's events: <c>GET /v2/rooms/{roomUuid}/sequences</c>. <c>nextId</c> null means the last page.</summary>
public sealed record EventPage(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("list")] IReadOnlyList<AgoraEvent> List,
    [property: JsonPropertyName("nextId")] long? NextId);
