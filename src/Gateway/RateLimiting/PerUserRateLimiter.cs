using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Gateway.Problems;
using Gateway.Redis;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.RateLimiting;

/// <summary>
/// <c>RateLimit:PermitsPerMinute</c> requests per user (the JWT's user id; the client address when anonymous) to the
/// API and the passthrough, in fixed one-minute windows. With Redis the windows are counted there, so every instance
/// draws on the same allowance; without it, or while it is down, each instance counts in process.
/// </summary>
public sealed class PerUserRateLimiter : PartitionedRateLimiter<HttpContext>
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts one request in the partition's window, which the first request opens; answers the count and the window's remaining ms.</summary>
    const string CountScript = """
        local count = redis.call('INCR', KEYS[1])
        local remaining = redis.call('PTTL', KEYS[1])
        if remaining < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          remaining = tonumber(ARGV[1])
        end
        return {count, remaining}
        """;

    readonly RedisConnection _redis;
    readonly string _userIdClaim;
    readonly int _permits;
    readonly PartitionedRateLimiter<HttpContext> _inProcess;

    public PerUserRateLimiter(RedisConnection redis, IOptions<RateLimitOptions> options, IOptions<AuthOptions> auth)
    {
        _redis = redis;
        _userIdClaim = auth.Value.UserIdClaim;
        _permits = options.Value.PermitsPerMinute;
        _inProcess = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context) is { } partition
            ? RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _permits,
                Window = Window,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(""));
    }

    /// <summary>Who a request counts against, or null for what is not limited (health, Swagger UI, the sandbox).</summary>
    string? PartitionOf(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/edu"))
        {
            return null;
        }
        return context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(_userIdClaim) is { } userId
            ? "user:" + userId
            : "address:" + context.Connection.RemoteIpAddress;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (PartitionOf(resource) is { } partition)
        {
            var key = $"{RedisConnection.KeyPrefix}rate:{partition}";
            var counted = await _redis.TryAsync(db => db.ScriptEvaluateAsync(CountScript, [key], [(long)Window.TotalMilliseconds]));
            if (counted.Done && (long[]?)counted.Value is [var count, var remainingMs])
            {
                return new WindowLease(count <= _permits, TimeSpan.FromMilliseconds(remainingMs));
            }
        }
        return await _inProcess.AcquireAsync(resource, permitCount, cancellationToken);
    }

    /// <summary>
    /// The middleware tries this synchronous path first and goes on to <see cref="AcquireAsyncCore"/> when it fails:
    /// with Redis configured a limited request is left undecided here, so that it is counted where every instance counts.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        _redis.IsConfigured && PartitionOf(resource) is not null ? WindowLease.Undecided : _inProcess.AttemptAcquire(resource, permitCount);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _inProcess.GetStatistics(resource);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inProcess.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The answer of the shared count: acquired, or refused until the window ends.</summary>
    sealed class WindowLease(bool acquired, TimeSpan retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Undecided = new(false, Window);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = !acquired && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}

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

    static async ValueTask Refuse(HttpContext context, RateLimitLease lease, int permits)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : PerUserRateLimiter.Window;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await GatewayProblems.Write(context, StatusCodes.Status429TooManyRequests,
            $"At most {permits} requests per minute per user; try again after the Retry-After delay.");
    }
}
