using Classroom.Agora.Models;
using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.Upstream;

namespace Gateway.Resources;

/// <summary>A classroom's public resources (slides, documents): members read, teachers and admins change.</summary>
public static class ResourcesEndpoints
{
    public static RouteGroupBuilder MapResources(this RouteGroupBuilder room)
    {
        var resources = room.MapGroup("/resources").WithTags("Resources");
        resources.MapGet("", ListResources).RequireAuthorization(GatewayPolicies.Member)
            .WithName("ListResources").WithSummary("List a classroom's public resources")
            .WithDescription("Cached for every gateway instance: the answer's X-Cache-Status says HIT or MISS. "
                + "An upload or delete through the gateway makes the next read fresh.");
        resources.MapPut("/{resourceUuid}", UploadResource).RequireAuthorization(GatewayPolicies.Teacher)
            .AddEndpointFilter<ResourceWriteInvalidation>()
            .WithName("UploadResource").WithSummary("Add or replace a public resource, optionally converting it");
        resources.MapDelete("", DeleteResources).RequireAuthorization(GatewayPolicies.Teacher)
            .AddEndpointFilter<ResourceWriteInvalidation>()
            .WithName("DeleteResources").WithSummary("Delete public resources by id");
        return room;
    }

    static ResourceListResult ListResources(string roomUuid, AgoraUpstream upstream) =>
        new(roomUuid, upstream.AppPath("v1", "rooms", roomUuid, "resources"));

    static Results<ForwardResult, ProblemHttpResult> UploadResource(string roomUuid, string resourceUuid,
        AgoraBody<UploadResourceRequest> body, AgoraUpstream upstream) =>
        body.IsValid ? Forward.To(upstream.AppPath("v1", "rooms", roomUuid, "resources", resourceUuid), body.Bytes) : Forward.Invalid(body.Errors);

    static Results<ForwardResult, ProblemHttpResult> DeleteResources(string roomUuid, AgoraBody<DeleteResourcesRequest> body, AgoraUpstream upstream) =>
        body.IsValid ? Forward.To(upstream.AppPath("v1", "rooms", roomUuid, "resources"), body.Bytes) : Forward.Invalid(body.Errors);
}
