using Classroom.Agora.Models;
using Gateway.Forwarding;
using Gateway.Problems;
using Gateway.Identity;
using Gateway.Upstream;
using Gateway.OpenApi;

namespace Gateway.Resources;

/// <summary>A classroom's public resources (slides, documents): members read, teachers and admins change.</summary>
public static class ResourcesEndpoints
{
    public static RouteGroupBuilder MapResources(this RouteGroupBuilder room)
    {
        var resources = room.MapGroup("/resources").WithTags("Resources");
        resources.MapGet("", ListResources).RequireAuthorization(GatewayPolicies.Member)
            .WithName("ListResources").WithSummary("List a classroom's public resources")
            .WithDescription("Each resource with its conversion progress. Cached for every gateway instance: answers carry "
                + "`X-Cache-Status: HIT` or `MISS`, and an upload or delete through the gateway makes the next read fresh. A list is "
                + "kept up to 60 s, one showing a conversion still running 5 s, so that its progress moves on.")
            .ProducesAgora<IReadOnlyList<ResourceItem>>().ProducesCacheStatus().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        resources.MapPut("/{resourceUuid}", UploadResource).RequireAuthorization(GatewayPolicies.Teacher)
            .AddFilter<ResourceWriteInvalidation>()
            .WithName("UploadResource").WithSummary("Add or replace a public resource, optionally converting it")
            .WithDescription("`ext` is one of ppt, pptx, pptm, docx, doc, xlsx, xls, csv, pdf. Conversion: `static` (ppt, doc, docx, pdf; `scale` 0.1..3.0, `outputFormat` png, jpg, jpeg, webp) or `dynamic` (pptx; `preview`).")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        resources.MapDelete("", DeleteResources).RequireAuthorization(GatewayPolicies.Teacher)
            .AddFilter<ResourceWriteInvalidation>()
            .WithName("DeleteResources").WithSummary("Delete public resources by id")
            .WithDescription("The body lists the ids: `{\"resourceUuid\":[\"a\",\"b\"]}`.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        return room;
    }

    /// <summary>Agora's path of a room's resource list, which lists (GET) and deletes (DELETE) alike.</summary>
    internal static string ResourcesPath(this AgoraUpstream upstream, string roomUuid) =>
        upstream.AppPath("v1", "rooms", roomUuid, "resources");

    static ResourceListResult ListResources(string roomUuid, AgoraUpstream upstream) => new(roomUuid, upstream);

    static Results<ForwardResult, ProblemHttpResult> UploadResource(string roomUuid, string resourceUuid,
        AgoraBody<UploadResourceRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.AppPath("v1", "rooms", roomUuid, "resources", resourceUuid), body);

    static Results<ForwardResult, ProblemHttpResult> DeleteResources(string roomUuid, AgoraBody<DeleteResourcesRequest> body, AgoraUpstream upstream,
        HttpContext context)
    {
        if (!body.IsValid)
        {
            return GatewayProblems.Invalid(body.Errors);
        }
        Audit.AuditTarget.SetResources(context, body.Value!.ResourceUuid!);
        return Forward.To(upstream.ResourcesPath(roomUuid), body.Bytes);
    }
}
