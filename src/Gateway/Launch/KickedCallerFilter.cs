namespace Gateway.Launch;

/// <summary>
/// A user kicked out of a room dirty is refused every route of the room while the ban runs, as Agora refuses its entry
/// (<see cref="KickedUsers.RefusalAsync"/>): the join, the live events and their ticket, and the reads too (the room's
/// details, its resources), which would hand a user kept out of the class what the class shows. Checked once for the
/// whole route group, after the ids.
/// </summary>
public sealed class KickedCallerFilter(KickedUsers kicked) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext;
        if (request.Request.RouteValues["roomUuid"] is not string roomUuid)
        {
            return next(context);
        }
        var refusal = kicked.RefusalAsync(request, roomUuid);
        // Known at once, as nearly always (no ban, or one kept in memory): no step of its own on the request's way.
        return refusal.IsCompletedSuccessfully
            ? refusal.Result is { } banned ? ValueTask.FromResult<object?>(banned) : next(context)
            : RefusedOrNextAsync(refusal, context, next);
    }

    static async ValueTask<object?> RefusedOrNextAsync(Task<ProblemHttpResult?> refusal, EndpointFilterInvocationContext context,
        EndpointFilterDelegate next) =>
        await refusal is { } banned ? banned : await next(context);
}
