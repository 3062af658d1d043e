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
        // Agora's reference has the update at state 1 alone; another state is no path of its API, a bare 404.
        group.MapPatch("/v2/rooms/{roomUuid}/records/states/1", Update);
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
                    : store.InRoom(roomUuid, (room, now) => room.StartRecording(body.Value, now));
        return outcome.ToResult(store.Time);
    }

    /// <summary>Only a web recording that runs can be updated.</summary>
    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Update(
        string roomUuid, JsonBody<UpdateRecordingRequest> body, ClassroomStore store) =>
        body.Then(RecordingRules.Validate, value => store.InRoom(roomUuid, (room, now) => room.Recordings.Update(value, now))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Ready(string roomUuid, ClassroomStore store) =>
        store.InRoom(roomUuid, (room, now) => room.Recordings.Ready(now)).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<RecordPage>>, JsonHttpResult<AgoraError>> List(string roomUuid, string? nextId, ClassroomStore store) =>
        store.InRoom(roomUuid, (room, _) => room.Recordings.Page(nextId)).ToResult(store.Time);
}
