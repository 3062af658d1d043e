using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// The appends this instance made lately to the event log and the audit trail, each with the Redis process that took it
/// (its <c>run_id</c>), made again once another process serves their key. A failover can drop what the old primary took
/// last: asked for (<c>SENTINEL FAILOVER</c>), the old primary goes on taking writes for a moment after the promotion,
/// which another of its replicas acknowledges until the sentinels make it follow the promoted node, which never had
/// them; on a primary's death, what no replica held yet is gone with it; a Redis restarted without persistence has none
/// of it. The process is told by its id, not its address: a primary behind one name or a proxy keeps its address
/// through a failover. Each log's append is idempotent (the events' keys, the audit batches' digests, kept far longer
/// than <see cref="Keep"/>), so an append that did reach the new primary is made again as nothing. Looked at every
/// <see cref="LookEvery"/>.
/// </summary>
public sealed partial class AppendsAfterFailover(RedisConnection redis, Telemetry.LoopFailures failures,
    ILogger<AppendsAfterFailover> logger) : BackgroundService
{
    /// <summary>How long an append is kept to be made again: a failover is followed within seconds of the promotion.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most bytes of script arguments kept for one log, in a ring made for it once (<see cref="KeptAppends"/>); its
    /// oldest appends go first beyond it. A failover drops what came in its last second or two: 10,000 joins a minute,
    /// each audited in some 400 bytes, fill it in about 15 s, a load test's in a fraction of a second.
    /// </summary>
    public const int MaxKeptBytesPerLog = 1024 * 1024;

    /// <summary>
    /// The id of the Redis process that runs it: a new one for a promoted replica and for a restarted server. None where
    /// scripts may not call <c>INFO</c>: appends are then never made again, and still made.
    /// </summary>
    const string RunIdScript = """
        local info = redis.pcall('INFO', 'server')
        if type(info) ~= 'string' then return false end
        return string.match(info, 'run_id:(%x+)')
        """;

    readonly Lock _lock = new();
    readonly Dictionary<string, KeptAppends> _logs = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _wrapped = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="script"/>, an idempotent append to <paramref name="log"/>, on the primary serving its keys
    /// (one slot), and keeps it to be run again, with <paramref name="valuesAgain"/> if given, should another Redis process
    /// come to serve them within <see cref="Keep"/>. Answers the script's own answer.
    /// </summary>
    public async Task<RedisResult> RunAsync(IConnectionMultiplexer connection, string log, string script, RedisKey[] keys, RedisValue[] values,
        IReadOnlyList<RedisValue>? valuesAgain = null)
    {
        var wrapped = _wrapped.GetOrAdd(script, AnsweringTheRunId);
        var (answer, runId) = Split(await connection.GetDatabase().ScriptEvaluateAsync(wrapped, keys, values));
        Hold(log, wrapped, keys, valuesAgain ?? values, runId);
        return answer;
    }

    /// <summary><paramref name="script"/> as it is sent: its answer and, beside it, the id of the process that ran it.</summary>
    public static string AnsweringTheRunId(string script) =>
        $"local function append()\n{script}\nend\nlocal function run_id()\n{RunIdScript}\nend\nreturn {{append(), run_id()}}";

    static (RedisResult Answer, string? RunId) Split(RedisResult wrapped) =>
        (RedisResult[])wrapped! is [var answer, var runId] ? (answer, (string?)runId) : (wrapped, null);

    /// <summary>Keeps an append; one larger than the log's budget is not kept, and neither is any before it.</summary>
    void Hold(string log, string script, RedisKey[] keys, IReadOnlyList<RedisValue> values, string? runId)
    {
        var size = KeptAppends.SizeOf(values);
        lock (_lock)
        {
            if (!_logs.TryGetValue(log, out var kept))
            {
                _logs[log] = kept = new KeptAppends(keys[0], MaxKeptBytesPerLog);
            }
            ForgetOutdated(log, kept, Math.Min(size, kept.Capacity));
            if (size <= kept.Free)
            {
                kept.Add(Environment.TickCount64, script, keys, values, size, runId);
            }
        }
    }

    /// <summary>
    /// Forgets the appends older than <see cref="Keep"/>: made again later, they might come after the logs' dedupe forgot
    /// them. The oldest go early to free <paramref name="room"/> bytes, which is logged once a minute at most. Under the lock.
    /// </summary>
    void ForgetOutdated(string log, KeptAppends kept, int room = 0)
    {
        var now = Environment.TickCount64;
        var outdated = now - (long)Keep.TotalMilliseconds;
        while (kept.OldestAt is { } oldest && (oldest < outdated || kept.Free < room))
        {
            if (oldest >= outdated && (kept.BudgetWarnedAt is not { } warned || now - warned >= (long)Keep.TotalMilliseconds))
            {
                kept.BudgetWarnedAt = now;
                LogBudgetSpent(logger, log, MaxKeptBytesPerLog / (1024 * 1024), (now - oldest) / 1000.0);
            }
            kept.RemoveOldest();
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

    /// <summary>
    /// For each log, asks which process serves its key now, and makes again there, oldest first, each kept append another
    /// process took, noting the process that took it this time.
    /// </summary>
    async Task MakeMovedAgainAsync()
    {
        if (!redis.IsConnected)
        {
            return;
        }
        List<KeptAppends> logs;
        lock (_lock)
        {
            foreach (var (log, kept) in _logs)
            {
                ForgetOutdated(log, kept);
            }
            logs = [.. _logs.Values.Where(kept => kept.Count > 0)];
        }
        var (again, added) = (0, 0L);
        try
        {
            foreach (var kept in logs)
            {
                var serving = (string?)await redis.RunAsync(connection => connection.GetDatabase().ScriptEvaluateAsync(RunIdScript, [kept.Key]));
                List<KeptAppends.Copy> moved;
                lock (_lock)
                {
                    moved = kept.NotTakenBy(serving);
                }
                foreach (var append in moved)
                {
                    var (answer, runId) = Split(await redis.RunAsync(connection =>
                        connection.GetDatabase().ScriptEvaluateAsync(append.Script, append.Keys, append.Values)));
                    lock (_lock)
                    {
                        kept.TakenBy(append.Number, runId);
                    }
                    again++;
                    added += Math.Max(0, (long)answer);
                }
            }
        }
        finally
        {
            if (added > 0)
            {
                LogMadeAgain(logger, added, again);
            }
            else if (again > 0)
            {
                LogFoundThere(logger, again);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Added} events and audit entries that Redis had lost were appended again, from {Appends} appends made lately to the Redis process that no longer serves them (a failover, or a restart without persistence)")]
    static partial void LogMadeAgain(ILogger logger, long added, int appends);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another Redis process serves the event log or the audit trail now; the {Appends} appends made lately to the one before were all there")]
    static partial void LogFoundThere(ILogger logger, int appends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appends to the {Log} are kept to be made again after a failover up to {Megabytes} MiB: its oldest go after {Seconds:0.#} s, not a minute")]
    static partial void LogBudgetSpent(ILogger logger, string log, long megabytes, double seconds);
}
