namespace Classroom.Agora.Models;

/// <summary>The business codes Agora puts in <c>code</c>, beside the HTTP status named in each comment.</summary>
public static class AgoraCodes
{
    /// <summary>200.</summary>
    public const int Success = 0;

    /// <summary>400: a parameter is missing or out of range.</summary>
    public const int BadParameter = 400;

    /// <summary>403: the room is muted.</summary>
    public const int RoomMuted = 30403200;

    /// <summary>
    /// 403: a user kicked with <c>dirty.state = 1</c> tries to enter again before <c>dirty.duration</c> passed.
    /// Agora documents no code for this; the emulator answers with this one (see its README).
    /// </summary>
    public const int UserBanned = 20403200;

    /// <summary>404: the classroom does not exist (never created, or destroyed an hour after it ended).</summary>
    public const int RoomNotFound = 20404100;

    /// <summary>404: the user is not in the classroom.</summary>
    public const int UserNotFound = 20404200;

    /// <summary>409: starting a class that has started.</summary>
    public const int ClassAlreadyStarted = 30409100;

    /// <summary>409: changing the state of a class that has ended.</summary>
    public const int ClassAlreadyEnded = 30409101;

    /// <summary>409: stopping a recording that is not running.</summary>
    public const int RecordingNotStarted = 30409410;

    /// <summary>409: starting a recording while one is running.</summary>
    public const int RecordingNotEnded = 30409411;

    /// <summary>500.</summary>
    public const int InternalError = 500;
}
