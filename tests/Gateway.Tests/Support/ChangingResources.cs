using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Support;

/// <summary>An upstream whose resource list changes with every write it accepts: version n lists "doc-n".</summary>
public sealed class ChangingResources
{
    int _version;

    public static string ListBody(int version) =>
        $$"""{"code":0,"msg":"Success","ts":{{version}},"data":[{"resourceUuid":"doc-{{version}}","resourceName":"Slides \u00e9","ext":"pdf","size":10}]}""";

    /// <summary>The list as the upstream would answer it now.</summary>
    public string CurrentList => ListBody(Volatile.Read(ref _version));

    /// <summary>What a write does upstream, whatever Agora then answers.</summary>
    public void Change() => Interlocked.Increment(ref _version);

    public Task Respond(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            Change();
        }
        return RecordingUpstream.Reply(context, 200, HttpMethods.IsGet(context.Request.Method)
            ? ListBody(Volatile.Read(ref _version))
            : """{"code":0,"msg":"Success","ts":1,"data":null}""");
    }
}

/// <summary>Reads and writes of a room's resources through the gateway, as the cache tests make them.</summary>
public static class ResourceReads
{
    const string UploadJson = """{"resourceName":"Slides","size":10,"ext":"pdf","url":"https://files.example/slides.pdf"}""";
    const string DeleteJson = """{"resourceUuid":["doc-1"]}""";

    public static async Task<(HttpStatusCode Status, string? CacheStatus, string Body)> ReadAsync(HttpClient client, string room = "room-1")
    {
        var response = await client.GetAsync($"/api/v1/rooms/{room}/resources", Json.Cancel);
        var cacheStatus = response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.Single() : null;
        return (response.StatusCode, cacheStatus, await response.Content.ReadAsStringAsync(Json.Cancel));
    }

    public static Task<HttpResponseMessage> WriteAsync(HttpClient client, string method, string room = "room-1") => client.SendAsync(
        new HttpRequestMessage(new HttpMethod(method), method == "PUT" ? $"/api/v1/rooms/{room}/resources/doc-1" : $"/api/v1/rooms/{room}/resources")
        {
            Content = new StringContent(method == "PUT" ? UploadJson : DeleteJson, Encoding.UTF8, "application/json"),
        }, Json.Cancel);
}
