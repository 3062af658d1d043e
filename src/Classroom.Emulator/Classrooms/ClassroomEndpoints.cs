using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Classrooms;

/// <summary>Classroom lifecycle and users: create, change state, enter, kick.</summary>
static class ClassroomEndpoints
{
    public static RouteGroupBuilder MapClassrooms(this RouteGroupBuilder group)
    {
        group.MapPost("/v2/rooms/{roomUuid}", Create);
        group.MapPut("/v2/rooms/{roomUuid}/states/{state}", ChangeState);
        group.MapPut("/v2/rooms/{roomUuid}/users/{userUuid}", Enter);
        group.MapPost("/v2/rooms/{roomUuid}/users/{userUuid}/exit", Kick);
        return group;
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Create(
        string roomUuid, JsonBody<CreateRoomRequest> body, ClassroomStore store) =>
        (body.Check(RoomRules.Validate) is { } invalid ? invalid : store.Create(roomUuid, body.Value)).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> ChangeState(string roomUuid, string state, ClassroomStore store) =>
        (AgoraStates.TryParse(state, out var value) && AgoraStates.IsClassState(value)
            ? store.InRoom(roomUuid, (room, now) => room.ChangeState(value, now))
            : AgoraFailure.BadParameter("state must be 0 (not started), 1 (started) or 2 (ended)")).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<EntryView>>, JsonHttpResult<AgoraError>> Enter(
        string roomUuid, string userUuid, JsonBody<EnterRoomRequest> body, ClassroomStore store) =>
        (body.Check(RoomRules.Validate) is { } invalid ? invalid : store.Enter(roomUuid, userUuid, body.Value)).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Kick(
        string roomUuid, string userUuid, JsonBody<KickRequest> body, ClassroomStore store) =>
        (body.Check(RoomRules.Validate) is { } invalid
            ? invalid
            : store.InRoom(roomUuid, (room, now) => room.Users.Kick(userUuid, body.Value, now))).ToResult(store.Time);
}
