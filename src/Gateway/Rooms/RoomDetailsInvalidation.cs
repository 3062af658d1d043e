using Gateway.Audit;
using Gateway.Forwarding;

namespace Gateway.Rooms;

/// <summary>
/// Every write that names a room — through the gateway's routes, those added later too, or the admins' passthrough —
/// drops the room's cached details once Agora has answered and before the client hears the answer, so the client's next
/// read, on any instance, is fresh. Only a call known to have changed nothing keeps them (<see cref="AgoraTimeBound.ChangedNothing"/>):
/// a refusal (4xx), or one never sent to Agora, whose client may have left before its body arrived or before it was refused;
/// after a 5xx, a timeout or a client that left while Agora had the call (499) nobody knows whether the room changed. A
/// route marked <see cref="KeepsRoomDetails"/> (the join, a stream's ticket) keeps them.
/// </summary>
public static class RoomDetailsInvalidation
{
    public static IApplicationBuilder UseRoomDetailsInvalidation(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (AuditRecording.IsWrite(context.Request.Method)
            && context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<KeepsRoomDetails>() is null
            && RoomOfRequest.Find(context) is { } roomUuid)
        {
            var cache = context.RequestServices.GetRequiredService<RoomDetailsCache>();
            AgoraTimeBound.OnAnswerStarting(context, () => AgoraTimeBound.ChangedNothing(context) ? Task.CompletedTask : cache.InvalidateAsync(roomUuid));
        }
        return next(context);
    });
}
