namespace Classroom.Agora.Models;

/// <summary>The <c>reason</c> of a recording state event (cmd 1001).</summary>
public static class RecordingReason
{
    public const int Started = 1;
    public const int Stopped = 2;
    public const int StartedAfterRetry = 3;

    /// <summary>The recording page did not report ready within <c>retryTimeout</c>; the service tries again.</summary>
    public const int ReadyTimedOut = 4;

    /// <summary>The page never reported ready, after the last retry too: the recording ends, marked <c>unready</c>.</summary>
    public const int GaveUp = 5;
}
