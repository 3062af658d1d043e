using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Classrooms;

/// <summary>A room's users as the server sees them: query one, set and delete their custom properties.</summary>
static class RoomUserEndpoints
{
    public static RouteGroupBuilder MapRoomUsers(this RouteGroupBuilder group)
    {
        group.MapGet("/v2/rooms/{roomUuid}/users/{userUuid}", Query);
        group.MapPut("/v2/rooms/{roomUuid}/users/{userUuid}/properties", SetProperties);
        group.MapDelete("/v2/rooms/{roomUuid}/users/{userUuid}/properties", DeleteProperties);
        return group;
    }

    static Results<Ok<AgoraEnvelope<JsonObject>>, JsonHttpResult<AgoraError>> Query(string roomUuid, string userUuid, ClassroomStore store) =>
        store.InRoom(roomUuid, (room, _) => room.Users.Find(userUuid).Map(member => member.Describe())).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> SetProperties(
        string roomUuid, string userUuid, JsonBody<SetPropertiesRequest> body, ClassroomStore store) =>
        body.Then(PropertyRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Users.SetProperties(userUuid, value))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> DeleteProperties(
        string roomUuid, string userUuid, JsonBody<DeletePropertiesRequest> body, ClassroomStore store) =>
        body.Then(PropertyRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Users.DeleteProperties(userUuid, value))).ToResult(store.Time);
}
