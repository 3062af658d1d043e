namespace Gateway.Resilience;

/// <summary>How a call to Agora failed before any answer came back, as far as a second try is concerned.</summary>
public enum ConnectionFailure
{
    /// <summary>Not a connection failure: an answer, the caller's own cancellation, or an error of ours.</summary>
    None,

    /// <summary>No connection was made (refused, no such name, no TLS, connecting timed out): Agora saw nothing of the call.</summary>
    NotSent,

    /// <summary>The connection broke once made (reset, closed early): the call may have reached Agora.</summary>
    MaybeSent,
}
