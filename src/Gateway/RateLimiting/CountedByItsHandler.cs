namespace Gateway.RateLimiting;

/// <summary>
/// Endpoint metadata: the route's handler takes a signed-in caller's permit itself (a room stream, as it opens), where the
/// limiter's middleware would hold it, and its own frame, for as long as the answer lasts. A request that signed in to
/// nothing never reaches the handler, so the middleware counts it against its address, as on every other route.
/// </summary>
public sealed class CountedByItsHandler
{
    public static readonly CountedByItsHandler Instance = new();

    CountedByItsHandler()
    {
    }

    /// <summary>Whether <paramref name="context"/>'s permit is its handler's to take rather than the middleware's.</summary>
    public static bool Counts(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.GetEndpoint()?.Metadata.GetMetadata<CountedByItsHandler>() is not null;
}
