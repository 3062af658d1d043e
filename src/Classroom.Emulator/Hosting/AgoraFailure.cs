using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Emulator.Hosting;

/// <summary>An error answer as Agora gives it: HTTP status, business code and message.</summary>
readonly record struct AgoraFailure(int Status, int Code, string Message)
{
    public static AgoraFailure RoomNotFound { get; } = new(StatusCodes.Status404NotFound, AgoraCodes.RoomNotFound, "classroom does not exist");
    public static AgoraFailure UserNotFound { get; } = new(StatusCodes.Status404NotFound, AgoraCodes.UserNotFound, "user does not exist");
    public static AgoraFailure ClassAlreadyStarted { get; } = new(StatusCodes.Status409Conflict, AgoraCodes.ClassAlreadyStarted, "class already started");
    public static AgoraFailure ClassAlreadyEnded { get; } = new(StatusCodes.Status409Conflict, AgoraCodes.ClassAlreadyEnded, "class already ended");
    public static AgoraFailure RecordingNotStarted { get; } = new(StatusCodes.Status409Conflict, AgoraCodes.RecordingNotStarted, "recording not started");
    public static AgoraFailure RecordingNotEnded { get; } = new(StatusCodes.Status409Conflict, AgoraCodes.RecordingNotEnded, "recording not ended");
    public static AgoraFailure Internal { get; } = new(StatusCodes.Status500InternalServerError, AgoraCodes.InternalError, "internal error");

    public static AgoraFailure UserBannedForGood { get; } =
        new(StatusCodes.Status403Forbidden, AgoraCodes.UserBanned, "user was kicked out for good and may not enter again");

    public static AgoraFailure UserBanned(DateTimeOffset until) =>
        new(StatusCodes.Status403Forbidden, AgoraCodes.UserBanned, $"user was kicked out and may enter again from {until:O}");

    public static AgoraFailure BadParameter(string message) => new(StatusCodes.Status400BadRequest, AgoraCodes.BadParameter, message);

    public static AgoraFailure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        BadParameter(string.Join("; ", errors.Select(pair => $"{pair.Key} {string.Join(", ", pair.Value)}")));

    /// <summary>
    /// A request the server refused to read, with the status the server chose (a body too large, 413) as its business code
    /// too, as Agora's own refusals pair them (400/400, 500/500): code 400 is a bad parameter, answered with 400.
    /// </summary>
    public static AgoraFailure Unreadable(BadHttpRequestException refused) => new(refused.StatusCode, refused.StatusCode, refused.Message);

    public static AgoraFailure InvalidId(string name) => BadParameter($"{name} {AgoraIds.Rule}");
}
