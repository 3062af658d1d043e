using System.Threading.RateLimiting;
using Gateway.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.RateLimiting;

public static class RateLimitingRegistration
{
    public static IServiceCollection AddPerUserRateLimiting(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.Section);
        services.AddSingleton<PerUserRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<PerUserRateLimiter, IOptions<RateLimitOptions>>((options, limiter, limits) =>
        {
            options.GlobalLimiter = limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => Refuse(context.HttpContext, context.Lease, limits.Value.PermitsPerMinute);
        });
        return services;
    }

    /// <summary>
    /// The limiter's middleware for every request but a signed-in one to a route whose endpoint counts it
    /// (<see cref="CountedByItsEndpointAttribute"/>); that one passes on with no frame of the middleware's left behind.
    /// </summary>
    public static IApplicationBuilder UsePerUserRateLimiting(this IApplicationBuilder app) =>
        app.UseWhen(context => !CountedByItsEndpointAttribute.Counts(context), limited => limited.UseRateLimiter());

    /// <summary>
    /// Counts the requests of <paramref name="group"/>'s endpoints whose handler is marked <see cref="CountedByItsEndpointAttribute"/>
    /// ahead of every filter added after it; every other endpoint's filters are left as they are.
    /// </summary>
    public static RouteGroupBuilder CountAheadOfFilters(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory((endpoint, next) => endpoint.MethodInfo.IsDefined(typeof(CountedByItsEndpointAttribute), inherit: false)
            ? async invocation => (object?)await CountedByItsEndpointAttribute.RefusalAsync(invocation.HttpContext) ?? await next(invocation)
            : next);

    static async ValueTask Refuse(HttpContext context, RateLimitLease lease, int permits)
    {
        var (detail, retryAfter) = Refusal(context, lease, permits);
        await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, detail, retryAfter: retryAfter);
    }

    /// <summary>
    /// What a request refused by <paramref name="lease"/> is told, and when it may try again: a request that signed in to
    /// nothing was counted against its client's address, not a user.
    /// </summary>
    public static (string Detail, TimeSpan RetryAfter) Refusal(HttpContext context, RateLimitLease lease, int permits) =>
        ($"At most {permits} requests per minute {(context.User.Identity?.IsAuthenticated == true ? "per user" : "per client address without a sign-in")}; try again after the Retry-After delay.",
            lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : PerUserRateLimiter.Window);
}
