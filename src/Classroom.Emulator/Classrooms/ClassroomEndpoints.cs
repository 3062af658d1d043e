using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Classrooms;

/// <summary>Classroom lifecycle and users: create, query, change state, properties, breakout groups, enter, kick.</summary>
static class ClassroomEndpoints
{
    public static RouteGroupBuilder MapClassrooms(this RouteGroupBuilder group)
    {
        group.MapPost("/v2/rooms/{roomUuid}", Create);
        group.MapGet("/v2/rooms/{roomUuid}", Query);
        group.MapPut("/v2/rooms/{roomUuid}/states/{state}", ChangeState);
        group.MapPut("/v2/rooms/{roomUuid}/properties", SetProperties);
        group.MapDelete("/v2/rooms/{roomUuid}/properties", DeleteProperties);
        group.MapPut("/v2/rooms/{roomUuid}/groups/states/{state}", ChangeGroups);
        group.MapPut("/v2/rooms/{roomUuid}/users/{userUuid}", Enter);
        group.MapPost("/v2/rooms/{roomUuid}/users/{userUuid}/exit", Kick);
        return group;
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Create(
        string roomUuid, JsonBody<CreateRoomRequest> body, ClassroomStore store) =>
        body.Then(RoomRules.Validate, value => store.Create(roomUuid, value, body.Sent("roomProperties") as JsonObject)).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<ClassroomDetails>>, JsonHttpResult<AgoraError>> Query(string roomUuid, ClassroomStore store) =>
        store.InRoom(roomUuid, (room, _) => Outcome.Of(room.Describe())).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> SetProperties(
        string roomUuid, JsonBody<SetPropertiesRequest> body, ClassroomStore store) =>
        body.Then(PropertyRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Properties.Set(value))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> DeleteProperties(
        string roomUuid, JsonBody<DeletePropertiesRequest> body, ClassroomStore store) =>
        body.Then(PropertyRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Properties.Delete(value))).ToResult(store.Time);

    /// <summary>1 opens the body's groups in place of any open ones; 0 closes them and takes no body.</summary>
    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> ChangeGroups(
        string roomUuid, string state, JsonBody<BreakoutGroupsRequest> body, ClassroomStore store)
    {
        Outcome<NoData> outcome = !AgoraStates.TryParse(state, out var value) || !AgoraStates.IsGroupsState(value)
            ? AgoraFailure.BadParameter("state must be 0 (close the groups) or 1 (open them)")
            : value == GroupsState.Closed
                ? store.InRoom(roomUuid, (room, _) => room.Groups.Close())
                : body.Check(GroupRules.Validate) is { } invalid
                    ? invalid
                    : store.InRoom(roomUuid, (room, _) => room.Groups.Open(body.Value));
        return outcome.ToResult(store.Time);
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> ChangeState(string roomUuid, string state, ClassroomStore store) =>
        (AgoraStates.TryParse(state, out var value) && AgoraStates.IsClassState(value)
            ? store.InRoom(roomUuid, (room, now) => room.ChangeState(value, now))
            : AgoraFailure.BadParameter("state must be 0 (not started), 1 (started) or 2 (ended)")).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<EntryView>>, JsonHttpResult<AgoraError>> Enter(
        string roomUuid, string userUuid, JsonBody<EnterRoomRequest> body, ClassroomStore store) =>
        body.Then(RoomRules.Validate, value => store.Enter(roomUuid, userUuid, value, body.Sent("role"))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Kick(
        string roomUuid, string userUuid, JsonBody<KickRequest> body, ClassroomStore store) =>
        body.Then(RoomRules.Validate, value => store.InRoom(roomUuid, (room, now) => room.Users.Kick(userUuid, value, now))).ToResult(store.Time);
}
