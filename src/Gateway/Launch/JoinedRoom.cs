namespace Gateway.Launch;

/// <summary>
/// What the join reads of Agora's query classroom: the room's name and state, and of its properties the two it launches
/// with (<see cref="JoinedRoomProperties"/>). Every other value of the answer is passed over, so that a room whose
/// properties together are longer than the gateway keeps of an answer is read as it arrives
/// (<see cref="Upstream.AgoraServiceCalls.ReadPartAsync{T}"/>) and joined.
/// </summary>
public sealed record JoinedRoom
{
    public string RoomName { get; init; } = "";

    /// <summary>0 not started, 1 started, <see cref="ClassroomDetails.Ended"/>.</summary>
    public int State { get; init; }

    public JoinedRoomProperties? RoomProperties { get; init; }
}
