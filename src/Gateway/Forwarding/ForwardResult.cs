using System.Reflection;
using System.Runtime.InteropServices;
using Gateway.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Forwarding;

/// <summary>The result of a route that goes on to Agora: executing it forwards the request as the caller.</summary>
public sealed class ForwardResult(string pathAndQuery, ForwardedBody forwarded, ReadOnlyMemory<byte> body = default)
    : IResult, IEndpointMetadataProvider
{
    public string PathAndQuery { get; } = pathAndQuery;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (forwarded == ForwardedBody.Supplied)
        {
            // A body the gateway supplied (for an empty request, "{}") must be sent even where the client sent none. It is
            // framed by its length: a Transfer-Encoding the client's own was sent with would make YARP drop the length
            // (RFC 9112 6.3) and send the body chunked again.
            httpContext.Request.Body = AsStream(body);
            httpContext.Request.Headers.TransferEncoding = default;
            httpContext.Request.ContentLength = body.Length;
            httpContext.Request.ContentType ??= "application/json";
            httpContext.Features.Set<IHttpRequestBodyDetectionFeature>(forwarded);
        }
        else if (forwarded == ForwardedBody.None && httpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            // The client's body stays here, and so do the headers that describe it.
            httpContext.Request.ContentLength = null;
            httpContext.Request.Headers.ContentType = default;
            httpContext.Request.Headers.TransferEncoding = default;
            httpContext.Features.Set<IHttpRequestBodyDetectionFeature>(forwarded);
        }
        return httpContext.RequestServices.GetRequiredService<AgoraForwarder>().ForwardAsync(httpContext, PathAndQuery, Caller.Of(httpContext).UserId);
    }

    /// <summary>The body the binder already read, streamed from its own buffer rather than copied once more.</summary>
    static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(void), ["application/json"]));
        builder.Metadata.Add(Upstream.CallsAgora.Instance);
    }
}
