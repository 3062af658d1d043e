using System.Text.RegularExpressions;
using Classroom.Agora;

namespace Gateway.Tests.OpenApi;

/// <summary>A class as the document's operations make it, for the tests that drive every operation in turn.</summary>
static class DocumentedClass
{
    /// <summary>
    /// The order a class takes them in: the room exists before anything else, a recording runs before it is updated and
    /// reported ready, a resource is there before it is deleted, a user is kicked last. Operations not named go between.
    /// </summary>
    static readonly string[] First = ["CreateRoom", "JoinRoom", "UploadResource", "SetRecordingState", "UpdateRecording"];
    static readonly string[] Last = ["ReportRecordingReady", "DeleteResources", "KickUser"];

    public static int Rank(string operationId) =>
        Array.IndexOf(First, operationId) is >= 0 and var first ? first
        : Array.IndexOf(Last, operationId) is >= 0 and var last ? 1000 + last
        : 100;

    /// <summary>The path with the ids the examples speak of: room-1, its students, the quiz, the first lesson.</summary>
    public static string Fill(string path) => Regex.Replace(path, @"\{([^}]+)\}", m => m.Groups[1].Value switch
    {
        "roomUuid" => "room-1",
        "userUuid" => "student-1",
        "widgetUuid" => "popupQuiz",
        "resourceUuid" => "lesson-1",
        "state" => "1",
        "path" => $"apps/{AgoraSandbox.AppId}/v2/rooms/room-1",
        var other => throw new InvalidOperationException($"No example value for {{{other}}}."),
    });
}
