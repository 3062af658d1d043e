using System.Reflection;
using System.Text.Json;
using Gateway.Forwarding;
using Gateway.Upstream;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Resources;

/// <summary>
/// A room's resource list from <see cref="ResourceListCache"/> (HIT), or forwarded to Agora as the caller and kept
/// when Agora answered a success (MISS). The reads that miss a room while one of them is asking Agora wait for its list
/// (MISS too: a class opening its slides at once asks Agora once per instance), and ask on their own if it kept none.
/// Runs after the room policy, so the cache never answers a non-member.
/// </summary>
public sealed class ResourceListResult(string roomUuid, AgoraUpstream upstream) : IResult, IEndpointMetadataProvider
{
    public const string CacheStatusHeader = "X-Cache-Status";

    /// <summary>Lists longer than this are served but not kept.</summary>
    const int MaxCachedBytes = 1024 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cache = httpContext.RequestServices.GetRequiredService<ResourceListCache>();
        var lookup = await cache.LookupAsync(roomUuid);
        httpContext.RequestServices.GetRequiredService<Telemetry.GatewayMetrics>().CacheLookup(lookup.Hit is not null, "resources");
        if (lookup.Hit is { } hit)
        {
            await WriteAsync(httpContext, hit, "HIT");
            return;
        }
        if (lookup.Generation is not { } generation)
        {
            await ForwardAndKeepAsync(httpContext, cache, generation: null);
            return;
        }
        var reading = cache.Reading.Join(roomUuid, generation, out var mine);
        if (mine is null)
        {
            // Another read is asking Agora for this list: its list, or this read asks on its own if it kept none.
            if (await reading.WaitAsync(httpContext.RequestAborted) is { } shared)
            {
                await WriteAsync(httpContext, shared, "MISS");
                return;
            }
            await ForwardAndKeepAsync(httpContext, cache, generation);
            return;
        }
        CachedResourceList? kept = null;
        try
        {
            kept = await ForwardAndKeepAsync(httpContext, cache, generation);
        }
        finally
        {
            cache.Reading.Answer(roomUuid, generation, mine, kept);
        }
    }

    static async Task WriteAsync(HttpContext httpContext, CachedResourceList list, string cacheStatus)
    {
        httpContext.Response.Headers[CacheStatusHeader] = cacheStatus;
        httpContext.Response.ContentType = list.ContentType;
        httpContext.Response.ContentLength = list.Body.Length;
        await httpContext.Response.Body.WriteAsync(list.Body, httpContext.RequestAborted);
    }

    /// <summary>
    /// Forwards the read to Agora as the caller, and keeps Agora's list under <paramref name="generation"/> (null: does not
    /// keep it) when it is a success; the list kept, if any.
    /// </summary>
    async Task<CachedResourceList?> ForwardAndKeepAsync(HttpContext httpContext, ResourceListCache cache, string? generation)
    {
        // Set as the answer starts, so that it survives the forwarder clearing a failed answer's headers.
        httpContext.Response.OnStarting(() =>
        {
            httpContext.Response.Headers[CacheStatusHeader] = "MISS";
            return Task.CompletedTask;
        });
        // Uncompressed bytes are the same for every client, so they can be served to any of them later.
        httpContext.Request.Headers.AcceptEncoding = default;
        var response = httpContext.Response.Body;
        await using var capture = new CapturingStream(response, MaxCachedBytes);
        httpContext.Response.Body = capture;
        try
        {
            await Forward.To(upstream.ResourcesPath(roomUuid)).ExecuteAsync(httpContext);
        }
        finally
        {
            httpContext.Response.Body = response;
        }
        if (generation is null || capture.Captured is not { } body || TimeToKeep(httpContext.Response, body) is not { } timeToLive)
        {
            return null;
        }
        var list = new CachedResourceList(httpContext.Response.ContentType!, body);
        await cache.StoreAsync(roomUuid, generation, list, timeToLive);
        return list;
    }

    /// <summary>
    /// How long the answer is kept (<see cref="ResourceListCache.TimeToLiveOf"/>), or null: only a 200 whose body is
    /// Agora's envelope with code 0 is kept, and errors are always asked again.
    /// </summary>
    static TimeSpan? TimeToKeep(HttpResponse response, byte[] body)
    {
        if (response.StatusCode != StatusCodes.Status200OK || response.ContentType is null || response.Headers.ContentEncoding.Count > 0)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body, AgoraJson.Documents);
            return AgoraRequestTransformer.BusinessCode(document.RootElement) == 0 ? ResourceListCache.TimeToLiveOf(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => ForwardResult.PopulateMetadata(method, builder);
}
