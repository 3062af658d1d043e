namespace Classroom.Agora.Models;

/// <summary>The <c>cmd</c> of a classroom event: what kind of change it reports.</summary>
public static class EventCmd
{
    /// <summary><c>data</c>: <c>state</c>, <c>startTime</c>.</summary>
    public const int ClassState = 1;
    public const int ChatMessage = 3;

    /// <summary>
    /// <c>data</c>: <c>action</c> (1 set, 2 deleted), <c>changeProperties</c> (dotted key → value; for a deletion the value
    /// it had), <c>cause</c>, <c>operator</c>. The cmd Agora's client SDK reads as a batch of room property changes.
    /// </summary>
    public const int RoomPropertiesChanged = 5;

    /// <summary><c>data</c>: <c>total</c>, <c>onlineUsers[]</c>, <c>offlineUsers[]</c> (offline <c>type</c> 1 left, 2 kicked).</summary>
    public const int UsersChanged = 20;

    /// <summary>As <see cref="RoomPropertiesChanged"/>, plus <c>fromUser</c>: whose properties changed.</summary>
    public const int UserPropertiesChanged = 23;

    /// <summary>
    /// <c>data</c>: <c>state</c> (1 recording, 2 ended), <c>reason</c> (<see cref="RecordingReason"/>), <c>recordId</c>,
    /// <c>sid</c>, <c>resourceId</c>, <c>startTime</c>.
    /// </summary>
    public const int RecordingState = 1001;

    /// <summary><c>data</c>: <c>resources[]</c>, <c>action</c> (1 added or updated, 2 deleted).</summary>
    public const int PublicResourcesChanged = 1003;
    public const int Rewards = 1101;

    /// <summary>
    /// <c>data</c>: <c>action</c> (1 set, 2 deleted), <c>widgetUuid</c>, <c>changeProperties</c>, <c>cause</c>,
    /// <c>operator</c>, and <c>fromUser</c> when a user's properties of the widget changed.
    /// </summary>
    public const int WidgetChanged = 1110;
    public const int OnStage = 1501;
    public const int HandsRaised = 1502;
}
