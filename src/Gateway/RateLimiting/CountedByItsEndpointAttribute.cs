using Gateway.Problems;

namespace Gateway.RateLimiting;

/// <summary>
/// On a route's handler, and so in its endpoint's metadata: a signed-in caller's request to the route is counted by the endpoint (a room stream), where the
/// limiter's middleware would hold the permit, and its own frame, for as long as the answer lasts. It is counted ahead of
/// the route's filters (<see cref="RateLimitingRegistration.CountAheadOfFilters"/>), so that a refusal by any of them (an id the route refuses, a
/// kicked caller's ban) is counted as on every other route, and as its authorization refuses it
/// (<see cref="Identity.ProblemAuthorizationResultHandler"/>). A request that signed in to nothing never reaches either: the
/// middleware counts it against its address, as on every other route.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CountedByItsEndpointAttribute : Attribute
{
    /// <summary>Whether <paramref name="context"/>'s permit is its endpoint's to take rather than the middleware's.</summary>
    public static bool Counts(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.GetEndpoint()?.Metadata.GetMetadata<CountedByItsEndpointAttribute>() is not null;

    /// <summary>
    /// Takes <paramref name="context"/>'s permit: null once taken, else the 429 that refuses it. The filters' frames are gone
    /// before the answer runs, so nothing of this stays while a stream is open.
    /// </summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(HttpContext context)
    {
        var services = context.RequestServices;
        using var permit = await services.GetRequiredService<PerUserRateLimiter>().AcquireAsync(context, cancellationToken: context.RequestAborted);
        if (permit.IsAcquired)
        {
            return null;
        }
        var (detail, retryAfter) = RateLimitingRegistration.Refusal(context, permit,
            services.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerMinute);
        return GatewayProblems.TooManyRequests(context, detail, retryAfter);
    }
}
