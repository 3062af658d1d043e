using Classroom.Agora.Validation;
using Gateway.Identity;
using Gateway.Passthrough;
using Gateway.Problems;
using Gateway.Rooms;
using Gateway.Telemetry;

namespace Gateway.Audit;

/// <summary>
/// Records every call to a write route (any method but GET, HEAD and OPTIONS) by a signed-in caller, whatever it
/// answered — refusals included — without code on the route: a route added later is audited by being a write route.
/// Only routes marked <see cref="NotAudited"/> are left out. The entry goes to <see cref="AuditQueue"/> once the answer
/// is complete, so recording never delays it.
/// </summary>
public static class AuditRecording
{
    /// <summary>The route values that name a call's target, most specific first, and what each names.</summary>
    static readonly (string RouteValue, string Kind)[] TargetRouteValues =
        [("userUuid", AuditTarget.Kinds.User), ("resourceUuid", AuditTarget.Kinds.Resource), ("widgetUuid", AuditTarget.Kinds.Widget)];

    public static bool IsWrite(string method) =>
        !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);

    /// <summary>Whether a call to <paramref name="endpoint"/> with <paramref name="method"/> is recorded.</summary>
    public static bool Records(Endpoint endpoint, string method) => IsWrite(method) && endpoint.Metadata.GetMetadata<NotAudited>() is null;

    /// <summary>A call that is not recorded passes straight on: no frame of this middleware stays with it (a room stream's for hours).</summary>
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.Use((context, next) =>
        context.GetEndpoint() is { } endpoint && Records(endpoint, context.Request.Method) && context.User.Identity?.IsAuthenticated == true
            ? RecordAsync(context, next, endpoint)
            : next(context));

    static async Task RecordAsync(HttpContext context, RequestDelegate next, Endpoint endpoint)
    {
        var time = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        int? thrown = null;
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            // Answered by the exception handler further out, after this entry is made: with what it will answer. A reset
            // can fail the body's read before the request's abort is signalled: the handler makes it a 499 as well.
            thrown = UnhandledExceptionHandler.StatusFor(e);
            throw;
        }
        finally
        {
            context.RequestServices.GetRequiredService<AuditQueue>().Add(EntryFor(context, endpoint, time, thrown));
        }
    }

    static AuditEntry EntryFor(HttpContext context, Endpoint endpoint, DateTimeOffset time, int? thrown)
    {
        var caller = Caller.Of(context);
        var outcome = context.Features.Get<AgoraOutcome>();
        var left = (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            || thrown == StatusCodes.Status499ClientClosedRequest || outcome is { LeftMidAnswer: true };
        // A client that left after Agora answered: the entry says what Agora did, not that nobody heard it.
        var answered = left ? outcome : null;
        var status = answered?.Status ?? (left ? StatusCodes.Status499ClientClosedRequest : thrown ?? context.Response.StatusCode);
        var code = answered?.Code
            ?? context.Features.Get<AnsweredProblem>()?.Code ?? (status < 400 ? Classroom.Agora.Models.AgoraCodes.Success : status);
        var target = TargetOf(context);
        // Every entry whose client left says so, a 499 too, so that one filter finds them all; the status tells which.
        var clientLeft = left || status == StatusCodes.Status499ClientClosedRequest;
        return new AuditEntry(time, caller.UserId, SchoolRolesOf(caller), ActionOf(endpoint, status),
            Bounded(RoomOfRequest.Find(context), MaxRoomLength), Bounded(target?.Value, target?.Kind == AuditTarget.Kinds.Call ? MaxCallLength : MaxTargetLength), status, code,
            context.RequestId()) { TargetKind = target?.Kind, State = StateOf(context), ClientLeft = clientLeft ? true : null };
    }

    /// <summary>
    /// The caller's roles the gateway acts on. A token may carry any others (an identity provider's own, any number, any
    /// text): they grant nothing here, and kept they made every entry of the caller as long as its token.
    /// </summary>
    static IReadOnlyList<string> SchoolRolesOf(Caller caller) =>
        caller.Roles.All(Caller.SchoolRoles.Contains) ? caller.Roles : [.. caller.Roles.Where(Caller.SchoolRoles.Contains)];

    /// <summary>
    /// The route's name; for a call routing refused for its method, which reached no route, <see cref="MethodNotAllowed"/>
    /// rather than the framework's display text for it.
    /// </summary>
    static string ActionOf(Endpoint endpoint, int status) =>
        endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? (endpoint is not RouteEndpoint && status == StatusCodes.Status405MethodNotAllowed ? MethodNotAllowed : endpoint.DisplayName ?? "unnamed");

    public const string MethodNotAllowed = "MethodNotAllowed";

    /// <summary>
    /// The <c>{state}</c> of the call's path as the route read it (<see cref="AgoraStates.TryParse"/>): one not a number as
    /// Agora writes it (<c>x</c>, <c>01</c>) is none.
    /// </summary>
    static int? StateOf(HttpContext context) =>
        AgoraStates.TryParse(context.GetRouteValue("state") as string, out var value) ? value : null;

    /// <summary>
    /// The most of a room or a target an entry keeps: a room id is under 64 bytes, a target one id or a few. A caller
    /// refused for a name no route takes, or deleting thousands of resources, does not make the trail hold it whole.
    /// </summary>
    public const int MaxRoomLength = 64, MaxTargetLength = 256;

    /// <summary>
    /// The most of a passthrough call's target, its method and path, an entry keeps: more than any path of Agora's takes
    /// with its ids at their most bytes, each escaped (three of ids, 63 bytes each, are 567 characters), so that such a
    /// call is kept whole and its user found by the trail's filter, which reads the path.
    /// </summary>
    public const int MaxCallLength = 1024;

    /// <summary><paramref name="name"/>, or its first <paramref name="length"/> characters and an ellipsis.</summary>
    static string? Bounded(string? name, int length)
    {
        if (name is null || name.Length <= length)
        {
            return name;
        }
        var cut = char.IsHighSurrogate(name[length - 1]) ? length - 1 : length;
        return string.Concat(name.AsSpan(0, cut), "…");
    }

    /// <summary>A user or resource the route names, one a handler named, or for the passthrough its method and path.</summary>
    static AuditTarget? TargetOf(HttpContext context)
    {
        if (context.Features.Get<AuditTarget>() is { } named)
        {
            return named;
        }
        foreach (var (key, kind) in TargetRouteValues)
        {
            if (context.GetRouteValue(key) is string id)
            {
                return new AuditTarget(id, kind);
            }
        }
        return context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: PassthroughEndpoints.Pattern }
            ? AuditTarget.Call(context.Request.Method, PassthroughPath.Of(context))
            : null;
    }
}
