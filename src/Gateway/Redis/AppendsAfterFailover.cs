using System.Net;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// The appends this instance made lately to the event log and the audit trail, each with the primary that took it, made
/// again on the primary that serves their key once that is another. A failover can drop what the old primary took last:
/// asked for (<c>SENTINEL FAILOVER</c>), the old primary goes on taking writes for a moment after the promotion, which
/// another of its replicas acknowledges until the sentinels make it follow the promoted node, which never had them; on
/// a primary's death, what no replica held yet is gone with it. Each log's append is idempotent (the events' keys, the
/// audit batches' digests, kept far longer than <see cref="Keep"/>), so an append that did reach the new primary is
/// made again as nothing. Looked at every <see cref="LookEvery"/>.
/// </summary>
public sealed partial class AppendsAfterFailover(RedisConnection redis, Telemetry.LoopFailures failures,
    ILogger<AppendsAfterFailover> logger) : BackgroundService
{
    /// <summary>How long an append is kept to be made again: a failover is followed within seconds of the promotion.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    /// <summary>The most script arguments kept in all; the oldest appends go first beyond it.</summary>
    public const int MaxKeptValues = 20_000;

    sealed class Append(string script, RedisKey[] keys, RedisValue[] values, EndPoint? primary)
    {
        public string Script { get; } = script;
        public RedisKey[] Keys { get; } = keys;
        public RedisValue[] Values { get; } = values;
        public long At { get; } = Environment.TickCount64;
        /// <summary>The primary that took it, or null when the client named none as the script was sent: made again once one serves the key.</summary>
        public EndPoint? Primary { get; set; } = primary;
    }

    readonly Lock _lock = new();
    readonly LinkedList<Append> _made = [];
    int _keptValues;

    /// <summary>
    /// Runs <paramref name="script"/>, an idempotent append, on the primary serving its first key, and keeps it to be run
    /// again, with <paramref name="valuesAgain"/> if given, should another primary come to serve that key within
    /// <see cref="Keep"/>. Kept whatever the script answered, once it answered.
    /// </summary>
    public async Task<RedisResult> RunAsync(IConnectionMultiplexer connection, string script, RedisKey[] keys, RedisValue[] values,
        RedisValue[]? valuesAgain = null)
    {
        // Asked before the script is sent: should the client switch primaries in between, the append is only made again.
        var primary = PrimaryOf(connection, keys[0]);
        var answer = await connection.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        Kept(new Append(script, keys, valuesAgain ?? values, primary));
        return answer;
    }

    void Kept(Append append)
    {
        lock (_lock)
        {
            _made.AddLast(append);
            _keptValues += append.Values.Length;
            ForgetOutdated();
        }
    }

    /// <summary>
    /// Forgets the appends older than <see cref="Keep"/>, and the oldest beyond <see cref="MaxKeptValues"/>: made again
    /// later, they might come after the logs' dedupe forgot them. Under the lock.
    /// </summary>
    void ForgetOutdated()
    {
        var outdated = Environment.TickCount64 - (long)Keep.TotalMilliseconds;
        while (_made.First is { } oldest && (oldest.Value.At < outdated || _keptValues > MaxKeptValues))
        {
            _keptValues -= oldest.Value.Values.Length;
            _made.RemoveFirst();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.IsConfigured)
        {
            return;
        }
        using var timer = new PeriodicTimer(LookEvery);
        var failed = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await MakeMovedAgainAsync();
                    failed = 0;
                }
                catch (RedisUnavailableException)
                {
                    // Redis is failing over or down: the appends stay kept for the next look.
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    await failures.RetryAfterAsync("appends-after-failover", e, ++failed, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Makes again, oldest first, each kept append whose key another primary now serves, and notes that one as its primary.</summary>
    async Task MakeMovedAgainAsync()
    {
        if (!redis.IsConnected || await redis.GetAsync() is not { } connection)
        {
            return;
        }
        List<Append> kept;
        lock (_lock)
        {
            ForgetOutdated();
            kept = [.. _made];
        }
        var again = 0;
        (EndPoint? from, EndPoint? to) = (null, null);
        foreach (var append in kept)
        {
            if (PrimaryOf(connection, append.Keys[0]) is not { } primary)
            {
                break;
            }
            if (primary.Equals(append.Primary))
            {
                continue;
            }
            await redis.RunAsync(c => c.GetDatabase().ScriptEvaluateAsync(append.Script, append.Keys, append.Values));
            (from, to) = (from ?? append.Primary, primary);
            append.Primary = primary;
            again++;
        }
        if (again > 0)
        {
            LogMadeAgain(logger, again, from?.ToString() ?? "?", to!.ToString() ?? "?");
        }
    }

    /// <summary>The primary serving <paramref name="key"/>, or null while the client has none (Redis down, a failover under way).</summary>
    static EndPoint? PrimaryOf(IConnectionMultiplexer connection, RedisKey key)
    {
        try
        {
            return connection.GetServer(key).EndPoint;
        }
        catch (Exception e) when (e is RedisConnectionException or InvalidOperationException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} appends to the event log and the audit trail that {Former} took lately were made again on {Primary}, which serves them now: a failover may have dropped them")]
    static partial void LogMadeAgain(ILogger logger, int count, string former, string primary);
}
