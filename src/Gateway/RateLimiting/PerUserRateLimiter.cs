using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Gateway.Identity;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.RateLimiting;

/// <summary>
/// <c>RateLimit:PermitsPerMinute</c> requests per user (the JWT's user id; the client address when anonymous) to the
/// API and the passthrough, in fixed one-minute windows. With Redis the windows are counted there, so every instance
/// draws on the same allowance; without it, or while it is down, each instance counts in process. An instance takes
/// permits from the shared count a few at a time (<see cref="ReservationSize"/>: 2 % of the allowance, at least one)
/// and spends them locally, so that a busy user costs one Redis call per reservation rather than one per request, and
/// concurrent requests of one user wait for the one reservation in flight instead of each taking a block; once the
/// shared window is spent, the instance refuses until it ends without asking again. The price is that permits an
/// instance reserved but did not spend are lost to the others for the rest of the window.
/// </summary>
public sealed class PerUserRateLimiter : PartitionedRateLimiter<HttpContext>
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts ARGV[2] requests in the partition's window, which the first opens; answers the count and the window's remaining ms.</summary>
    const string CountScript = """
        local count = redis.call('INCRBY', KEYS[1], ARGV[2])
        local remaining = redis.call('PTTL', KEYS[1])
        if remaining < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          remaining = tonumber(ARGV[1])
        end
        return {count, remaining}
        """;

    readonly RedisConnection _redis;
    readonly AuthOptions _auth;
    readonly int _permits;
    readonly PartitionedRateLimiter<HttpContext> _inProcess;
    readonly TimeProvider _time;
    readonly ConcurrentDictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);
    int _reservationCount;

    /// <summary>
    /// What this instance knows of one partition's shared window: permits it reserved and has not spent, or that the
    /// window is spent for everyone, until <see cref="Until"/>. At most one reservation is asked of Redis at a time;
    /// requests that find none left wait for it rather than each reserving a block of their own.
    /// </summary>
    sealed class Reservation
    {
        public int Left;
        public bool Spent;
        public DateTimeOffset Until;
        public Task<bool>? Asking;
    }

    public int ReservationSize { get; }

    public PerUserRateLimiter(RedisConnection redis, IOptions<RateLimitOptions> options, IOptions<AuthOptions> auth, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        ReservationSize = Math.Max(1, options.Value.PermitsPerMinute / 50);
        _auth = auth.Value;
        _permits = options.Value.PermitsPerMinute;
        // The partitions' factories made once, not with every request. The partitioned limiter replenishes its
        // windows on its own timer, so theirs is off (as RateLimitPartition.GetFixedWindowLimiter sets it).
        Func<string, RateLimiter> window = _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = _permits,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        var unlimited = RateLimitPartition.GetNoLimiter("");
        _inProcess = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context) is { } partition
            ? new RateLimitPartition<string>(partition, window)
            : unlimited);
    }

    /// <summary>Who a request counts against, or null for what is not limited (health, Swagger UI, the sandbox).</summary>
    string? PartitionOf(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/edu"))
        {
            return null;
        }
        return context.User.Identity?.IsAuthenticated == true
            ? "user:" + Caller.Of(context, _auth).UserId
            : "address:" + context.Connection.RemoteIpAddress;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (PartitionOf(resource) is { } partition)
        {
            var reservation = ReservationOf(partition);
            while (true)
            {
                Task<bool> asking;
                lock (reservation)
                {
                    if (Decide(reservation) is { } lease)
                    {
                        return lease;
                    }
                    asking = reservation.Asking ??= ReserveAsync(partition, reservation);
                }
                if (!await asking)
                {
                    break;
                }
            }
        }
        return await _inProcess.AcquireAsync(resource, permitCount, cancellationToken);
    }

    /// <summary>Spends a reserved permit, or refuses while the shared window is spent; null when Redis must be asked.</summary>
    WindowLease? Decide(Reservation reservation)
    {
        var now = _time.GetUtcNow();
        if (now >= reservation.Until)
        {
            return null;
        }
        if (reservation.Left > 0)
        {
            reservation.Left--;
            return WindowLease.Acquired;
        }
        return reservation.Spent ? new WindowLease(false, reservation.Until - now) : null;
    }

    /// <summary>Counts a block of permits in the shared window and keeps what falls within the allowance; false when Redis could not be asked.</summary>
    async Task<bool> ReserveAsync(string partition, Reservation reservation)
    {
        await Task.Yield(); // out of the caller's lock before anything completes
        var key = $"{RedisConnection.KeyPrefix}rate:{partition}";
        RedisAttempt<RedisResult> counted;
        try
        {
            counted = await _redis.TryAsync(db => db.ScriptEvaluateAsync(CountScript, [key], [(long)Window.TotalMilliseconds, ReservationSize]));
        }
        catch
        {
            lock (reservation)
            {
                reservation.Asking = null; // the next request asks again
            }
            throw;
        }
        lock (reservation)
        {
            reservation.Asking = null;
            if (!counted.Done || (long[]?)counted.Value is not [var count, var remainingMs])
            {
                return false;
            }
            var granted = (int)Math.Min(ReservationSize, _permits - (count - ReservationSize));
            reservation.Left = Math.Max(0, granted);
            reservation.Spent = granted < ReservationSize; // the last block of the window: once it is spent, so is the window
            reservation.Until = _time.GetUtcNow() + TimeSpan.FromMilliseconds(remainingMs);
            return true;
        }
    }

    Reservation ReservationOf(string partition)
    {
        if (_reservations.TryGetValue(partition, out var reservation))
        {
            return reservation;
        }
        // Counted here rather than asked of the dictionary, whose Count takes every one of its locks.
        if (Interlocked.Increment(ref _reservationCount) > 10_000)
        {
            var now = _time.GetUtcNow();
            foreach (var (stale, _) in _reservations.Where(r => r.Value.Until <= now && r.Value.Asking is null))
            {
                if (_reservations.TryRemove(stale, out _))
                {
                    Interlocked.Decrement(ref _reservationCount);
                }
            }
        }
        return _reservations.GetOrAdd(partition, _ => new Reservation());
    }

    /// <summary>
    /// The middleware tries this synchronous path first and goes on to <see cref="AcquireAsyncCore"/> when it fails:
    /// with Redis configured a request is decided here only from what this instance already knows of the shared window
    /// (a reserved permit, or a spent window); otherwise it is left undecided, to be counted where every instance counts.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (!_redis.IsConfigured || PartitionOf(resource) is not { } partition)
        {
            return _inProcess.AttemptAcquire(resource, permitCount);
        }
        if (_reservations.TryGetValue(partition, out var reservation))
        {
            lock (reservation)
            {
                if (Decide(reservation) is { } decided)
                {
                    return decided;
                }
            }
        }
        return WindowLease.Undecided;
    }

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
        public static readonly WindowLease Acquired = new(true, TimeSpan.Zero);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = !acquired && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
