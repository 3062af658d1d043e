using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Resources;

/// <summary>A classroom's public resources (v1 paths, as Agora still serves them): upload, list, delete.</summary>
static class ResourceEndpoints
{
    public static RouteGroupBuilder MapResources(this RouteGroupBuilder group)
    {
        group.MapPut("/v1/rooms/{roomUuid}/resources/{resourceUuid}", Upload);
        group.MapGet("/v1/rooms/{roomUuid}/resources", List);
        group.MapDelete("/v1/rooms/{roomUuid}/resources", Delete);
        return group;
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Upload(
        string roomUuid, string resourceUuid, JsonBody<UploadResourceRequest> body, ClassroomStore store) =>
        body.Then(ResourceRules.Validate, value => store.InRoom(roomUuid, (room, now) => room.Resources.Upload(resourceUuid, value, now))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<IReadOnlyList<ResourceItem>>>, JsonHttpResult<AgoraError>> List(string roomUuid, ClassroomStore store) =>
        store.InRoom<IReadOnlyList<ResourceItem>>(roomUuid, (room, now) => Outcome.Of(room.Resources.List(now))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Delete(
        string roomUuid, JsonBody<DeleteResourcesRequest> body, ClassroomStore store) =>
        body.Then(ResourceRules.Validate, value => store.InRoom(roomUuid, (room, now) => room.Resources.Delete(value.ResourceUuid!, now))).ToResult(store.Time);
}
