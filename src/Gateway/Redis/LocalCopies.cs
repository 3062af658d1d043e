using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// This instance's own copies of what it read from Redis — rooms' resource lists and details, the bans of kicked users —
/// each under a key its reader chooses, served without asking Redis again, and still never stale after a write through
/// any instance. The price is paid by writes, which are rare, not by reads:
/// <list type="number">
/// <item>An instance serves its copies only while it holds a membership lease in Redis (<see cref="LeaseTime"/>,
/// renewed every <see cref="RenewEvery"/>, counted on its own clock from before the renewal was sent, less a margin).</item>
/// <item>An invalidation, after the write in Redis, takes the next number of a global sequence and publishes it with
/// the copy's key; each member drops its copy under that key, then acknowledges the number.</item>
/// <item>The invalidating instance waits until every member whose lease is live has acknowledged the number, or
/// has let its lease lapse: at most a lease's length, when a member died or lost a message.</item>
/// <item>A member renews only when it has processed every number so far, so one that missed a message cannot
/// renew: its lease lapses, it drops every copy, and starts over from the sequence's current number. Whenever a
/// lease lapsed (Redis down, too slow, or restarted), the copies go before the next lease is taken.</item>
/// </list>
/// A read that started before an invalidation and ends after it does not keep what it read: every invalidation
/// this instance processes moves <see cref="Epoch"/> on, and a copy is kept only if the epoch did not move
/// during the read. Without Redis, or while it cannot be reached, there is no lease and no copy is served.
/// </summary>
public sealed partial class LocalCopies(RedisConnection redis, IOptions<AgoraOptions> agora, Telemetry.LoopFailures failures,
    ILogger<LocalCopies> logger) : BackgroundService
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(1);

    /// <summary>How much sooner than Redis an instance counts its lease as lapsed, and how much longer a writer waits for one.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest pause between two askings of who has acknowledged an invalidation.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The Redis commands of one telling of <see cref="TellEveryMemberAsync"/>, each up to the command timeout: the write
    /// in Redis (a room's generation, a ban), then <see cref="PublishAsync"/>'s publication.
    /// </summary>
    const int CommandsOfATelling = 2;

    // The keys keep the name they had when this held only resource lists ("near resource lists"). Their tag names the
    // app id: the instances of another app on the same Redis are members of their own, neither waited for by this app's
    // invalidations nor dropping its copies (a copy's key names its room, not its app).
    RedisKey SequenceKey { get; } = Tag(agora.Value.AppId!) + ":sequence";
    RedisKey MembersKey { get; } = Tag(agora.Value.AppId!) + ":members";
    RedisKey AcknowledgedKey { get; } = Tag(agora.Value.AppId!) + ":acknowledged";
    RedisChannel Channel { get; } = RedisChannel.Literal(Tag(agora.Value.AppId!) + ":invalidations");

    static string Tag(string appId) => $"{RedisConnection.KeyPrefix}{{resources-near:{RedisConnection.AppInKeys(appId)}}}";

    /// <summary>
    /// Forgets members whose lease ran out (an instance that stopped without leaving), then renews this member's lease
    /// if it has processed every invalidation; answers {renewed, current number}.
    /// </summary>
    const string RenewScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. now)) do
          redis.call('ZREM', KEYS[2], gone)
          redis.call('HDEL', KEYS[3], gone)
        end
        local sequence = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[2]) ~= sequence then
          return {0, sequence}
        end
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
        return {1, sequence, now}
        """;

    const string PublishScript = """
        local sequence = redis.call('INCR', KEYS[1])
        redis.call('PUBLISH', ARGV[1], sequence .. ' ' .. ARGV[2])
        return sequence
        """;

    /// <summary>How many members with a live lease have not acknowledged ARGV[1] yet.</summary>
    const string WaitingScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local waiting = 0
        for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
          if tonumber(redis.call('HGET', KEYS[2], member) or '0') < tonumber(ARGV[1]) then
            waiting = waiting + 1
          end
        end
        return waiting
        """;

    const string LeaveScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 0
        """;

    readonly string _member = Guid.NewGuid().ToString("N");
    readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Func<Task<bool>>> _catchUps = new(StringComparer.Ordinal);
    readonly Lock _processing = new();
    long _epoch;
    long _processed;
    long _leaseUntil;
    long _leaseFailures;
    long _renewalsFailingSince;
    int _catchUpOwed;
    int _catchingUp;
    long _leasedSince = long.MaxValue;

    /// <summary>A kept value and when it goes (<see cref="Environment.TickCount64"/>, like the lease).</summary>
    sealed record Copy(object Value, long Until);

    /// <summary>Moves on with every invalidation this instance processes and every time its lease lapses.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>
    /// The lease holds, and Redis has answered every command and kept every connection since it was taken, so copies
    /// are kept and served: after a failure a write through another instance may have been unable to tell anyone, or a
    /// message may have been lost, or Redis may have restarted without its members; reads go to Redis, and the next
    /// lease starts without copies.
    /// </summary>
    public bool Leased => Environment.TickCount64 < Interlocked.Read(ref _leaseUntil) && redis.Failures == Interlocked.Read(ref _leaseFailures);

    /// <summary>
    /// Redis's time (Unix ms) from which what this instance reads there may be served: when it last took its lease after
    /// it had none (it started, or its lease lapsed), and never while it holds none. A write answered while Redis could
    /// not be told (down, hung) left Redis holding what it made old, until its instance tells Redis again; an instance
    /// that lost Redis meanwhile would otherwise serve that from its first read after Redis answers again. What Redis
    /// keeps from before goes to Agora once, and is stored anew.
    /// </summary>
    public long ServedFromRedisSince => Leased ? Interlocked.Read(ref _leasedSince) : long.MaxValue;

    /// <summary>This instance's copy under <paramref name="key"/>, while its lease holds and the copy has not expired.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value) where T : notnull
    {
        if (Leased && _copies.TryGetValue(key, out var copy) && Environment.TickCount64 < copy.Until && copy.Value is T kept)
        {
            value = kept;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Keeps a value read from Redis for <paramref name="timeToLive"/>, unless an invalidation came since <paramref name="epochBeforeRead"/>.</summary>
    public void Keep(string key, object value, TimeSpan timeToLive, long epochBeforeRead)
    {
        lock (_processing)
        {
            if (Leased && Epoch == epochBeforeRead && timeToLive > TimeSpan.Zero)
            {
                _copies[key] = new Copy(value, Environment.TickCount64 + (long)timeToLive.TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// After a write in Redis: tells every member to drop its copy under <paramref name="key"/> and waits until each has
    /// or has lost its lease. False when Redis could not be told, and other members may go on serving their copies.
    /// </summary>
    public async Task<bool> PublishAsync(string key)
    {
        var published = await redis.TryAsync(db => db.ScriptEvaluateAsync(PublishScript, [SequenceKey], [Channel.ToString(), key]));
        if (!published.Done)
        {
            return false;
        }
        var number = (long)published.Value;
        var deadline = Environment.TickCount64 + (long)(LeaseTime + Margin).TotalMilliseconds;
        var pause = 1;
        while (Environment.TickCount64 < deadline)
        {
            var waiting = await redis.TryAsync(db => db.ScriptEvaluateAsync(WaitingScript, [MembersKey, AcknowledgedKey], [number]));
            if (waiting.Done && (long)waiting.Value == 0)
            {
                return true;
            }
            await Task.Delay(pause);
            pause = Math.Min(pause * 2, (int)LongestPause.TotalMilliseconds);
        }
        // Whoever did not answer has lost its lease by now, and serves no copy.
        LogAcknowledgementsMissing(logger, number);
        return true;
    }

    /// <summary>
    /// After a write Redis could not be told of: waits until every other member's lease has lapsed, which a member renews
    /// only through Redis, so that none serves its copy once the write is answered — a lease's length and the margin from
    /// when Redis stopped answering this instance, or stopped taking its renewals, nothing once that has passed: a Redis
    /// that answers reads and refuses writes (<c>NOREPLICAS</c>) answers this instance, yet renews no member's lease. A
    /// member that still reaches Redis while this one cannot keeps its lease (<see cref="TellEveryMemberAsync"/> tells it
    /// once more after this wait).
    /// </summary>
    public Task UntilLeasesLapsedAsync()
    {
        var now = Environment.TickCount64;
        var since = redis.FailingSince ?? now;
        if (Interlocked.Read(ref _renewalsFailingSince) is > 0 and var renewalsFailing)
        {
            since = Math.Min(since, renewalsFailing);
        }
        var wait = since + (long)(LeaseTime + Margin).TotalMilliseconds - now;
        return wait > 0 ? Task.Delay(TimeSpan.FromMilliseconds(wait)) : Task.CompletedTask;
    }

    /// <summary>
    /// A write's telling of every member: <paramref name="tell"/> (the write in Redis, one command, then
    /// <see cref="PublishAsync"/>), false when Redis could not take it. The write is then answered once no other member
    /// serves its copy (<see cref="UntilLeasesLapsedAsync"/>) and Redis has been tried once more
    /// (<paramref name="tellOnceMore"/>, made as <paramref name="tell"/> is): a member that reached Redis throughout (a
    /// failover's promoted replica) kept its lease, and its copy, through that wait, and this instance may reach Redis again
    /// by now, before its lease is taken again and its catch-up runs a second or so later.
    /// </summary>
    public async Task TellEveryMemberAsync(Func<Task<bool>> tell, Func<Task<bool>> tellOnceMore)
    {
        if (!await tell())
        {
            await UntilLeasesLapsedAsync();
            await tellOnceMore();
        }
    }

    /// <summary>
    /// The longest <see cref="TellEveryMemberAsync"/> may take when each Redis command takes up to
    /// <paramref name="commandTimeout"/>: a telling that fails at its last command; the leases' lapse, a lease and its
    /// margin from then; the telling once more, which Redis takes; and its wait for acknowledgements an instance never
    /// sends, a lease and its margin, then the asking sent just before its end, a command's time, and a pause. 9.55 s with
    /// the default command timeout, 500 ms.
    /// </summary>
    public static TimeSpan LongestTellingOfEveryMember(TimeSpan commandTimeout)
    {
        var telling = CommandsOfATelling * commandTimeout;
        return telling + LeaseTime + Margin + telling + LeaseTime + Margin + commandTimeout + LongestPause;
    }

    /// <summary>
    /// Has <paramref name="catchUp"/> run each time this instance takes its lease again after it lapsed, and each time it
    /// finds Redis has forgotten invalidation numbers it had seen: what Redis may have lost, or never been told, while this
    /// instance could not reach it (Redis down, hung, failed over, restarted empty or from an older snapshot) is told
    /// again — kicks made here, invalidations that could not be made or that Redis lost. It runs beside the lease's renewals,
    /// so a slow one never costs the lease, and again after the next renewal while any answers false. Registered once per
    /// <paramref name="name"/>.
    /// </summary>
    public void CatchUpAfterEveryLapse(string name, Func<Task<bool>> catchUp) => _catchUps.TryAdd(name, catchUp);

    async Task CatchUpAsync()
    {
        try
        {
            Volatile.Write(ref _catchUpOwed, 0);
            foreach (var catchUp in _catchUps.Values)
            {
                if (!await catchUp())
                {
                    Volatile.Write(ref _catchUpOwed, 1);
                }
            }
        }
        catch (Exception e)
        {
            Volatile.Write(ref _catchUpOwed, 1);
            LogCatchUpFailed(logger, e);
        }
        finally
        {
            Volatile.Write(ref _catchingUp, 0);
        }
    }

    /// <summary>Drops this instance's copy under <paramref name="key"/> at once, before anyone is told.</summary>
    public void Drop(string key) => Forget(copies => copies.TryRemove(key, out _));

    /// <summary>Drops every copy this instance holds at once, for whatever key.</summary>
    public void DropAll() => Forget(copies => copies.Clear());

    /// <summary>
    /// Every change that takes copies away moves the epoch with it, under the lock, so that a read which fetched its
    /// list before the change cannot keep it afterwards.
    /// </summary>
    void Forget(Action<ConcurrentDictionary<string, Copy>> change)
    {
        lock (_processing)
        {
            Interlocked.Increment(ref _epoch);
            change(_copies);
        }
    }

    /// <summary>Copies past their time are never served, and are not kept in memory either.</summary>
    void ForgetExpired()
    {
        var now = Environment.TickCount64;
        foreach (var copy in _copies)
        {
            if (now >= copy.Value.Until)
            {
                _copies.TryRemove(copy);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.IsConfigured)
        {
            return;
        }
        // Subscribed before the first renewal reads the sequence, so no number after it can be missed unnoticed.
        for (var failed = 1; !stoppingToken.IsCancellationRequested; failed++)
        {
            try
            {
                var queue = await redis.RunAsync(connection => connection.GetSubscriber().SubscribeAsync(Channel));
                queue.OnMessage(message => Process(message.Message));
                break;
            }
            catch (RedisUnavailableException)
            {
                await Task.Delay(RenewEvery, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                await failures.RetryAfterAsync("local-copies-subscription", e, failed, stoppingToken);
            }
        }
        using var timer = new PeriodicTimer(RenewEvery);
        var renewalsFailed = 0;
        try
        {
            do
            {
                // Without a renewal the lease lapses and copies stop being served: safe, so keep trying.
                var attempted = Environment.TickCount64;
                try
                {
                    await RenewAsync();
                    Interlocked.Exchange(ref _renewalsFailingSince, 0);
                    ForgetExpired();
                    renewalsFailed = 0;
                    if (Leased && Volatile.Read(ref _catchUpOwed) == 1 && Interlocked.Exchange(ref _catchingUp, 1) == 0)
                    {
                        _ = CatchUpAsync();
                    }
                }
                catch (Exception e) when (e is RedisUnavailableException || !stoppingToken.IsCancellationRequested)
                {
                    // No member renews while Redis is down, failing over, or refuses the renewal (out of memory, say).
                    Interlocked.CompareExchange(ref _renewalsFailingSince, attempted, 0);
                    if (e is not RedisUnavailableException)
                    {
                        // Not an outage, which is waited out: a refusal or a bug, logged, counted and retried with backoff.
                        await failures.RetryAfterAsync("local-copies-lease", e, ++renewalsFailed, stoppingToken);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One invalidation, "number key": the copy goes before the number is acknowledged.</summary>
    Task Process(RedisValue message)
    {
        var text = (string)message!;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !long.TryParse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return Task.CompletedTask;
        }
        Drop(text[(space + 1)..]);
        InterlockedMax(ref _processed, number);
        return redis.TryAsync(db => db.HashSetAsync(AcknowledgedKey, _member, Interlocked.Read(ref _processed)));
    }

    async Task RenewAsync()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var sent = Environment.TickCount64;
            var failures = redis.Failures;
            var processed = Interlocked.Read(ref _processed);
            var renewal = await redis.RunAsync(connection => connection.GetDatabase().ScriptEvaluateAsync(RenewScript,
                [SequenceKey, MembersKey, AcknowledgedKey], [_member, processed, (long)LeaseTime.TotalMilliseconds]));
            var answer = (RedisResult[])renewal!;
            if ((long)answer[0] == 1)
            {
                if (!Leased)
                {
                    // The lease had lapsed: whatever happened meanwhile may not have reached this instance, nor what
                    // this instance did meanwhile reached Redis.
                    DropAll();
                    Volatile.Write(ref _catchUpOwed, 1);
                    Interlocked.Exchange(ref _leasedSince, (long)answer[2]);
                }
                Interlocked.Exchange(ref _leaseFailures, failures);
                Interlocked.Exchange(ref _leaseUntil, sent + (long)(LeaseTime - Margin).TotalMilliseconds);
                return;
            }
            // Behind the sequence: a message may still be on its way, so the lease runs out first. Once it has (or
            // Redis forgot numbers this instance saw), every copy goes and the instance starts from the current number.
            var current = (long)answer[1];
            if (Leased && current > processed)
            {
                return;
            }
            if (current < processed)
            {
                // Redis forgot numbers it gave out, and so the writes before them (a failover, an older snapshot
                // loaded), though this instance may have kept its lease and connections throughout: they are told again.
                Volatile.Write(ref _catchUpOwed, 1);
            }
            DropAll();
            Interlocked.Exchange(ref _processed, current);
        }
    }

    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/>, never lowers it, whoever else raises it meanwhile.</summary>
    internal static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (seen < value && Interlocked.CompareExchange(ref target, value, seen) is var found && found != seen)
        {
            seen = found;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Interlocked.Exchange(ref _leaseUntil, 0);
        // Writers need not wait for an instance that has gone.
        await redis.TryAsync(db => db.ScriptEvaluateAsync(LeaveScript, [MembersKey, AcknowledgedKey], [_member]));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling Redis again what it may have missed failed; it is tried again after the next renewal")]
    static partial void LogCatchUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalidation {Number} was not acknowledged by every instance; those left have let their leases lapse")]
    static partial void LogAcknowledgementsMissing(ILogger logger, long number);
}
