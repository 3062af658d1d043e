using Gateway.Audit;
using Gateway.Resources;

namespace Gateway.Passthrough;

/// <summary>
/// A write through the passthrough to a room's public resources (<c>apps/{appId}/{version}/rooms/{roomUuid}/resources…</c>)
/// drops that room's cached list on every instance, as a write through the gateway's own resource routes does.
/// </summary>
public sealed class PassthroughResourceInvalidation(ResourceListCache cache) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (AuditRecording.IsWrite(http.Request.Method) && PassthroughPathNames.Of(http) is { Room: { } room, Resources: true })
        {
            ResourceWriteInvalidation.InvalidateOnAnswer(http, cache, room);
        }
        return next(context);
    }
}
