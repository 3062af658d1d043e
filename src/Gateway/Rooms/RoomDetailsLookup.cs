using System.Reflection;
using Gateway.Forwarding;
using Gateway.Upstream;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Rooms;

/// <summary>A room's query classroom answer, and whether the cache gave it (else Agora did, just now).</summary>
public sealed record RoomDetailsLookup(AgoraAnswer Answer, bool Hit) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[Resources.ResourceListResult.CacheStatusHeader] = Hit ? "HIT" : "MISS";
        return Answer.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => ForwardResult.PopulateMetadata(method, builder);
}
