namespace Gateway.Rooms;

/// <summary>Marks a write route that changes nothing of the room Agora's query describes, so its cached details stay.</summary>
public sealed class KeepsRoomDetails
{
    public static readonly KeepsRoomDetails Instance = new();
}
