namespace Classroom.Agora.Models;

/// <summary>The <c>cmd</c> of a classroom event: what kind of change it reports.</summary>
public static class EventCmd
{
    /// <summary><c>data</c>: <c>state</c>, <c>startTime</c>.</summary>
    public const int ClassState = 1;
    public const int ChatMessage = 3;

    /// <summary><c>data</c>: <c>total</c>, <c>onlineUsers[]</c>, <c>offlineUsers[]</c> (offline <c>type</c> 1 left, 2 kicked).</summary>
    public const int UsersChanged = 20;

    /// <summary><c>data</c>: <c>state</c> (1 recording, 2 ended), <c>recordId</c>, <c>sid</c>, <c>resourceId</c>, <c>startTime</c>.</summary>
    public const int RecordingState = 1001;

    /// <summary><c>data</c>: <c>resources[]</c>, <c>action</c> (1 added or updated, 2 deleted).</summary>
    public const int PublicResourcesChanged = 1003;
    public const int Rewards = 1101;
    public const int OnStage = 1501;
    public const int HandsRaised = 1502;
}
