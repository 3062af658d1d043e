using System.Text.Json;

namespace Gateway.Launch;

/// <summary>
/// The room properties the join launches with, as Agora answers them: <c>roomType</c> and <c>schedule</c>, each any JSON a
/// write may have left there, judged by <see cref="ClassroomLaunch"/>.
/// </summary>
public sealed record JoinedRoomProperties(JsonElement? RoomType, JsonElement? Schedule);
