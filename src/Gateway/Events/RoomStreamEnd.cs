namespace Gateway.Events;

/// <summary>Why a room stream ended, as its request's log line says it (<see cref="RoomEventStream"/>).</summary>
public enum RoomStreamEnd
{
    /// <summary>The client closed the stream or its connection.</summary>
    ClientGone,

    /// <summary>The sign-in that opened the stream (the JWT, or the ticket's JWT) expired; the client reconnects with a fresh one.</summary>
    SignInExpired,

    /// <summary>The client fell <see cref="RoomSubscription.Capacity"/> events behind; it reconnects and catches up from the log.</summary>
    FellBehind,

    /// <summary>The instance is stopping; the client reconnects to another.</summary>
    InstanceStopping,

    /// <summary>The stream sent the event of its user's kick out of the room.</summary>
    Kicked,

    /// <summary>A resumed stream could not read the log to catch up; the client reconnects.</summary>
    CatchUpFailed,
}
