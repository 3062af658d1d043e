using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Recordings;

/// <summary>Cloud recording of a classroom: start, update, stop, the page's ready report, and the list of recordings.</summary>
static class RecordingEndpoints
{
    public static RouteGroupBuilder MapRecordings(this RouteGroupBuilder group)
    {
        group.MapPut("/v2/rooms/{roomUuid}/records/states/{state}", ChangeState);
        group.MapPatch("/v2/rooms/{roomUuid}/records/states/{state}", Update);
        group.MapPut("/v2/rooms/{roomUuid}/records/ready", Ready);
        group.MapGet("/v2/rooms/{roomUuid}/records", List);
        return group;
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> ChangeState(
        string roomUuid, string state, JsonBody<RecordingStateRequest> body, ClassroomStore store)
    {
        Outcome<NoData> outcome = !AgoraStates.TryParse(state, out var value) || !AgoraStates.IsRecordingCommand(value)
            ? AgoraFailure.BadParameter("state must be 0 (stop) or 1 (start)")
            : value == RecordingCommand.Stop
                ? store.InRoom(roomUuid, (room, now) => room.Recordings.Stop(now))
                : body.Check(RecordingRules.Validate) is { } invalid
                    ? invalid
                    : store.InRoom(roomUuid, (room, now) => room.Recordings.Start(body.Value, now));
        return outcome.ToResult(store.Time);
    }

    /// <summary>Only a recording that runs (state 1) can be updated.</summary>
    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Update(
        string roomUuid, string state, JsonBody<UpdateRecordingRequest> body, ClassroomStore store)
    {
        Outcome<NoData> outcome = !AgoraStates.TryParse(state, out var value) || value != RecordingCommand.Start
            ? AgoraFailure.BadParameter("state must be 1: only a running recording is updated")
            : body.Check(RecordingRules.Validate) is { } invalid
                ? invalid
                : store.InRoom(roomUuid, (room, now) => room.Recordings.Update(body.Value, now));
        return outcome.ToResult(store.Time);
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Ready(string roomUuid, ClassroomStore store) =>
        store.InRoom(roomUuid, (room, now) => room.Recordings.Ready(now)).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<RecordPage>>, JsonHttpResult<AgoraError>> List(string roomUuid, string? nextId, ClassroomStore store) =>
        store.InRoom(roomUuid, (room, _) => room.Recordings.Page(nextId)).ToResult(store.Time);
}
