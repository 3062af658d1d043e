using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Gateway.Identity;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.RateLimiting;

/// <summary>
/// <c>RateLimit:PermitsPerMinute</c> requests per user (the JWT's user id; when anonymous, the client's network, see <see cref="NetworkOf"/>) to the
/// API and the passthrough, in fixed one-minute windows. With Redis the windows are counted there, so every instance
/// draws on the same allowance; without it, or while it is down, each instance counts in process. An instance takes
/// permits from the shared count a few at a time (<see cref="ReservationSize"/>: 2 % of the allowance, at least one)
/// and spends them locally, so that a busy user costs one Redis call per reservation rather than one per request, and
/// concurrent requests of one user wait for the one reservation in flight instead of each taking a block; once the
/// shared window is spent, the instance refuses until it ends without asking again. The price is that permits an
/// instance reserved but did not spend are lost to the others for the rest of the window. While Redis does not answer,
/// the instance goes on in the window it knows, from the count Redis last gave it, and owes Redis the blocks it took
/// meanwhile: the next reservation that Redis answers counts them, so one instance never admits more than the
/// allowance in a window, whichever way it counted. The windows in Redis are the app id's: the users of another app on
/// the same Redis (a staging app's) have allowances of their own, whatever their names.
/// </summary>
public sealed class PerUserRateLimiter : PartitionedRateLimiter<HttpContext>
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts ARGV[2] requests in the partition's window, which the first opens for ARGV[1] ms; answers the count and the window's remaining ms.</summary>
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
    readonly string _keyPrefix;
    readonly AuthOptions _auth;
    readonly int _permits;
    readonly TimeProvider _time;
    readonly Windows _windows = new();

    /// <summary>
    /// What this instance knows of one partition's window: permits it reserved and has not spent, or that the window is
    /// spent, until <see cref="Until"/>; how many the window has counted, as Redis last said plus the blocks taken here
    /// since; and how many of those Redis has not been told of. At most one reservation is asked of Redis at a time;
    /// requests that find none left wait for it rather than each reserving a block of their own. Without Redis, a
    /// window is one block of the whole allowance, taken here. <see cref="Gone"/>: the sweep let go of it, so a request
    /// that took it from the table before counts in the partition's window there instead, the one its other requests see.
    /// </summary>
    sealed class Reservation
    {
        public int Left;
        public bool Spent;
        public DateTimeOffset Until;
        public long Counted;
        public int Owed;
        public Task<bool>? Asking;
        public bool Gone;
    }

    public int ReservationSize { get; }

    /// <summary>How many partitions this instance keeps a window for, in process and reserved from Redis.</summary>
    public int Partitions => _windows.Count;

    public PerUserRateLimiter(RedisConnection redis, IOptions<RateLimitOptions> options, IOptions<AuthOptions> auth,
        IOptions<AgoraOptions> agora, TimeProvider time)
    {
        _redis = redis;
        _keyPrefix = $"{RedisConnection.KeyPrefix}rate:{RedisConnection.AppInKeys(agora.Value.AppId!)}:";
        _time = time;
        ReservationSize = Math.Max(1, options.Value.PermitsPerMinute / 50);
        _auth = auth.Value;
        _permits = options.Value.PermitsPerMinute;
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
            : "address:" + NetworkOf(context.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// The network an anonymous caller is counted as: its IPv4 address (also when it came as an IPv4-mapped IPv6 one), or
    /// the /64 of its IPv6 address. A /64 is what a single host or home gets, and picks its addresses from at will.
    /// </summary>
    static string? NetworkOf(IPAddress? address)
    {
        if (address is null || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address?.ToString();
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (PartitionOf(resource) is not { } partition)
        {
            return WindowLease.Acquired;
        }
        var reservation = _windows.Of(partition, _time);
        while (_redis.IsConfigured)
        {
            Task<bool>? asking = null;
            lock (reservation)
            {
                if (!reservation.Gone)
                {
                    if (Decide(reservation) is { } lease)
                    {
                        return lease;
                    }
                    asking = reservation.Asking ??= ReserveAsync(partition, reservation);
                }
            }
            if (asking is null)
            {
                reservation = _windows.Of(partition, _time);
            }
            else if (!await asking)
            {
                break;
            }
        }
        return CountHere(partition, reservation);
    }

    /// <summary>
    /// Takes a block of the window here, where Redis is not asked: the whole allowance without Redis, a reservation's
    /// worth while it does not answer, owed to it. A window that ended gives way to one of this instance's own, opened
    /// by this request.
    /// </summary>
    WindowLease CountHere(string partition, Reservation reservation)
    {
        while (true)
        {
            lock (reservation)
            {
                if (!reservation.Gone)
                {
                    return Decide(reservation) ?? TakeBlock(reservation);
                }
            }
            reservation = _windows.Of(partition, _time);
        }
    }

    /// <summary>Under the reservation's lock, with none of its permits left: counts a block here and spends one of it, or refuses.</summary>
    WindowLease TakeBlock(Reservation reservation)
    {
        var now = _time.GetUtcNow();
        if (now >= reservation.Until)
        {
            (reservation.Until, reservation.Counted, reservation.Owed) = (now + Window, 0, 0);
        }
        var block = (int)Math.Clamp(_permits - reservation.Counted, 0, _redis.IsConfigured ? ReservationSize : _permits);
        reservation.Counted += block;
        reservation.Owed += block;
        reservation.Left = block;
        reservation.Spent = reservation.Counted >= _permits;
        return Decide(reservation)!;
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

    /// <summary>
    /// Counts a block of permits in the shared window, with those the window owes Redis, and keeps what falls within the
    /// allowance; false when Redis could not be asked. Owed permits open the shared window for what is left of the one
    /// they were taken in, should Redis have lost it.
    /// </summary>
    async Task<bool> ReserveAsync(string partition, Reservation reservation)
    {
        await Task.Yield(); // out of the caller's lock before anything completes
        var key = _keyPrefix + partition;
        int owed;
        long windowMs;
        lock (reservation)
        {
            var now = _time.GetUtcNow();
            if (now >= reservation.Until)
            {
                reservation.Owed = 0; // counted in a window that has ended
            }
            owed = reservation.Owed;
            windowMs = owed > 0 ? (long)Math.Ceiling((reservation.Until - now).TotalMilliseconds) : (long)Window.TotalMilliseconds;
        }
        RedisAttempt<RedisResult> counted;
        try
        {
            counted = await _redis.TryAsync(db => db.ScriptEvaluateAsync(CountScript, [key], [windowMs, ReservationSize + owed]));
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
            reservation.Owed -= owed;
            reservation.Counted = count;
            reservation.Left = Math.Max(0, granted);
            reservation.Spent = granted < ReservationSize; // the last block of the window: once it is spent, so is the window
            reservation.Until = _time.GetUtcNow() + TimeSpan.FromMilliseconds(remainingMs);
            return true;
        }
    }

    /// <summary>
    /// The partitions' windows; past 10,000 of them, those whose window ended are let go. A sweep that frees little is not
    /// made again until the table has grown by as many as it kept: while every window still runs (a flood of new users or
    /// addresses within one minute), sweeping at each new partition would cost the whole table each time.
    /// </summary>
    sealed class Windows
    {
        const int SweepFrom = 10_000;

        readonly ConcurrentDictionary<string, Reservation> _byPartition = new(StringComparer.Ordinal);
        int _count;
        int _sweepAt = SweepFrom;

        /// <summary>How many partitions are kept, counted here rather than asked of the dictionary, whose Count takes every one of its locks.</summary>
        public int Count => Volatile.Read(ref _count);

        public Reservation Of(string partition, TimeProvider time)
        {
            if (_byPartition.TryGetValue(partition, out var reservation))
            {
                return reservation;
            }
            var fresh = new Reservation();
            reservation = _byPartition.GetOrAdd(partition, fresh);
            // Only the request whose entry went in counts it: others racing to make the same partition take that one.
            if (ReferenceEquals(reservation, fresh) && Interlocked.Increment(ref _count) > Volatile.Read(ref _sweepAt))
            {
                Sweep(partition, time.GetUtcNow());
            }
            return reservation;
        }

        /// <summary>
        /// By one caller at a time: lets go of the windows that ended, the one just made aside. Each is judged and let go of
        /// under its lock, so that a request counting on it meanwhile keeps it, and one that took it before finds it gone.
        /// </summary>
        void Sweep(string made, DateTimeOffset now)
        {
            var at = Volatile.Read(ref _sweepAt);
            if (Interlocked.CompareExchange(ref _sweepAt, int.MaxValue, at) != at)
            {
                return;
            }
            foreach (var (partition, reservation) in _byPartition)
            {
                lock (reservation)
                {
                    if (partition == made || reservation.Until > now || reservation.Asking is not null)
                    {
                        continue;
                    }
                    reservation.Gone = true;
                    if (_byPartition.TryRemove(partition, out _))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }
            Volatile.Write(ref _sweepAt, Math.Max(SweepFrom, 2 * Count));
        }

        public Reservation? Find(string partition) => _byPartition.GetValueOrDefault(partition);
    }

    /// <summary>
    /// The middleware tries this synchronous path first and goes on to <see cref="AcquireAsyncCore"/> when it fails:
    /// with Redis configured a request is decided here only from what this instance already knows of the shared window
    /// (a reserved permit, or a spent window); otherwise it is left undecided, to be counted where every instance counts.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (PartitionOf(resource) is not { } partition)
        {
            return WindowLease.Acquired;
        }
        if (!_redis.IsConfigured)
        {
            return CountHere(partition, _windows.Of(partition, _time));
        }
        if (_windows.Find(partition) is { } reservation)
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

    /// <summary>The permits this instance holds for the request's user: reserved from the shared window, or of its own.</summary>
    public override RateLimiterStatistics? GetStatistics(HttpContext resource)
    {
        if (PartitionOf(resource) is not { } partition
            || _windows.Find(partition) is not { } window)
        {
            return null;
        }
        lock (window)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = window.Until > _time.GetUtcNow() ? window.Left : 0 };
        }
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
