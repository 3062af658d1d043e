using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>The ranges of the <c>{state}</c> path segments.</summary>
public static class AgoraStates
{
    public static bool IsClassState(int state) => state is ClassState.NotStarted or ClassState.Started or ClassState.Ended;

    public static bool IsRecordingCommand(int state) => state is RecordingCommand.Stop or RecordingCommand.Start;

    public static bool IsGroupsState(int state) => state is GroupsState.Closed or GroupsState.Open;

    /// <summary>
    /// Parses a <c>{state}</c> segment as Agora reads it: a plain decimal integer, written as Agora writes it (no leading
    /// zero), so that the segment a gateway checked is the one Agora is sent.
    /// </summary>
    public static bool TryParse(string? segment, out int state) => DecimalText.TryParse(segment, out state);
}
