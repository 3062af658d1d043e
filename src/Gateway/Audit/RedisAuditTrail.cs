using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Events;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Audit;

/// <summary>
/// The trail as one Redis stream shared by every instance, its entries older than <c>Audit:RetentionDays</c> trimmed by
/// every append (<c>XADD … MINID</c>, exactly, the cut-off taken from Redis's own clock) and passed over by every read,
/// which starts no earlier than the retention's cut-off by the gateway's clock (a stream id is its append's time), so
/// that a trail no write reaches answers none of them either. One key under its own hash tag, so the
/// append script touches one cluster slot; the tag names the app id (<c>{audit:&lt;appId&gt;}</c>), so that the gateways
/// of each app id on one Redis keep a trail of their own. Each entry is its JSON and the id of the one appended before it. With <c>Audit:ReplicasToAcknowledge</c>, an
/// append is done once that many replicas hold it: a primary lost before they do fails the append, and the writer makes
/// it again on the promoted replica, where the batch's digest tells whether the entries got there.
/// </summary>
public sealed partial class RedisAuditTrail(RedisConnection redis, AppendsAfterFailover appends, IOptions<AgoraOptions> agora,
    IOptions<AuditOptions> options, ILogger<RedisAuditTrail> logger, TimeProvider time) : IAuditTrail
{
    /// <summary>A filtered read looks at this many entries at most per page before it answers what it found so far.</summary>
    public const int MaxScannedPerRead = 10_000;

    const int ScanBatch = 500;

    /// <summary>What the names of the trail's keys (and of the keys in its slot) start with, for the app <paramref name="appId"/>.</summary>
    public static string PrefixOf(string appId) => $"{RedisConnection.KeyPrefix}{{audit:{RedisConnection.AppInKeys(appId)}}}:";

    readonly RedisKey _stream = PrefixOf(agora.Value.AppId!) + "log";

    /// <summary>The digests of the batches appended within <see cref="RepeatWindow"/>, so that a batch is appended once.</summary>
    readonly RedisKey _appended = PrefixOf(agora.Value.AppId!) + "appended";

    /// <summary>
    /// How long a batch's digest is kept: a retry comes within seconds of the attempt it repeats, and attempts that a hung
    /// Redis held run together once it resumes.
    /// </summary>
    static readonly TimeSpan RepeatWindow = TimeSpan.FromHours(1);

    // ARGV: retention (ms), the repeat window (ms), the batch's digest, then one entry's JSON per argument. A batch
    // whose digest is known was appended by an attempt the writer took for failed (it timed out, then ran): not again.
    // The digest is noted only once the entries are in: a script's writes stay when a later command fails, and an
    // append Redis refused must be made again. Each entry names the one appended before it ('prev', '' when the stream
    // held none), as the event log's do (RedisEventLog): the stream's last entry, which an append never trims, read whole,
    // as an entry is at most some kilobytes.
    const string AppendScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now - tonumber(ARGV[2])))
        if redis.call('ZSCORE', KEYS[2], ARGV[3]) then return 0 end
        local oldest = now - tonumber(ARGV[1])
        if oldest < 0 then oldest = 0 end
        local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
        local last = newest and newest[1] or ''
        for i = 4, #ARGV do
          last = redis.call('XADD', KEYS[1], 'MINID', string.format('%d', oldest), '*', 'entry', ARGV[i], 'prev', last)
        end
        redis.call('ZADD', KEYS[2], string.format('%d', now), ARGV[3])
        return #ARGV - 3
        """;

    // ARGV: the first id, the most entries. The reply is the entries and the id of the entry appended before the first of
    // them (false for none): its 'prev', or for an entry written without one (an earlier version's) the entry the stream
    // holds before it, which came before it as the trims take the oldest first, though a read passes over it for its age;
    // '' when it holds none, and cannot tell.
    const string ReadScript = """
        local entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])
        local first, before, last = entries[1], false, false
        if first then
          for i = 1, #first[2], 2 do
            if first[2][i] == 'prev' then before = first[2][i + 1] end
          end
          if not before then
            local held = redis.call('XREVRANGE', KEYS[1], '(' .. first[1], '-', 'COUNT', 1)[1]
            before = held and held[1] or ''
          end
        else
          local held = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
          last = held and held[1] or ''
        end
        return {entries, before, last}
        """;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var json = entries.Select(e => JsonSerializer.Serialize(e)).ToList();
        // Entries carry their time and request id: two batches alike are one batch sent twice.
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', json))));
        RedisValue[] values = [(long)options.Value.Retention.TotalMilliseconds, (long)RepeatWindow.TotalMilliseconds, digest,
            .. json.Select(e => (RedisValue)e)];
        try
        {
            // Run, not tried: a refusal reaches the writer as it is, to be told from an outage.
            await redis.RunAsync(connection => appends.RunAsync(connection, "audit trail", AppendScript, [_stream, _appended], values));
            if (options.Value.ReplicasToAcknowledge is > 0 and var wanted)
            {
                // No answer in time leaves the append standing, as fewer replicas do: made again, it would be found there.
                switch (await RedisReplicas.AwaitAppendedAsync(redis, _stream, wanted))
                {
                    case null:
                        LogNoAnswerFromReplicas(logger, entries.Count, wanted, redis.Timeout.TotalMilliseconds);
                        break;
                    case { } acknowledged when acknowledged < wanted:
                        LogNotReplicated(logger, acknowledged, wanted);
                        break;
                }
            }
        }
        catch (RedisUnavailableException)
        {
            throw new AuditTrailUnavailableException("Redis did not take the audit entries.");
        }
    }

    public async Task<AuditPage> ReadAsync(EventCursor after, int limit, AuditFilter filter, CancellationToken cancellationToken)
    {
        var found = new List<StoredAuditEntry>();
        if (after.Successor is not { } first)
        {
            return new AuditPage(found, after);
        }
        var oldest = new EventCursor((ulong)Math.Max(0, (time.GetUtcNow() - options.Value.Retention).ToUnixTimeMilliseconds()), 0);
        EventCursor From(EventCursor successor) => successor.CompareTo(oldest) < 0 ? oldest : successor;
        // The first batch comes with the entry appended before its first, in the same call: whether the read missed entries.
        var read = (RedisResult[])(await Try(db => db.ScriptEvaluateAsync(ReadScript, [_stream], [From(first).StreamId, ScanBatch])))!;
        var batch = StreamEntries.FromScript(read[0]);
        if (batch.Length == 0)
        {
            // Nothing at or after the cursor: the trail's end tells. A cursor past it names an entry the trail lost (Redis
            // restarted from an older snapshot, a failover to a replica behind), and what the lost trail held after it went
            // with it; the page goes on from the end, as the event log's does.
            var end = EventCursor.TryParseStreamId((string?)read[2], out var last) ? last : EventCursor.Start;
            return new AuditPage(found, after.NoFurtherThan(end), after.MissedPast(end));
        }
        var missed = !read[1].IsNull && after.Missed((string)read[1]!);
        var next = after;
        for (var scanned = ScanBatch; ; scanned += ScanBatch)
        {
            foreach (var stored in batch)
            {
                if (!EventCursor.TryParseStreamId(stored.Id, out var cursor))
                {
                    continue;
                }
                next = cursor;
                if (Read(stored) is { } entry && filter.Matches(entry))
                {
                    found.Add(new StoredAuditEntry(cursor, entry));
                    if (found.Count == limit)
                    {
                        return new AuditPage(found, next, missed);
                    }
                }
            }
            if (batch.Length < ScanBatch || scanned >= MaxScannedPerRead || next.Successor is not { } successor)
            {
                return new AuditPage(found, next, missed);
            }
            batch = await Try(db => db.StreamRangeAsync(_stream, From(successor).StreamId, "+", ScanBatch));
        }
    }

    async Task<T> Try<T>(Func<IDatabase, Task<T>> command)
    {
        var attempt = await redis.TryAsync(command);
        return attempt.Done ? attempt.Value : throw new AuditTrailUnavailableException("Redis did not answer the audit read.");
    }

    /// <summary>An entry this gateway did not write (or cannot read) is passed over, never fatal to a reader.</summary>
    static AuditEntry? Read(StreamEntry stored)
    {
        var json = stored["entry"];
        if (json.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<AuditEntry>((string)json!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entries are held by {Acknowledged} of {Wanted} replicas: a failover now may lose them")]
    static partial void LogNotReplicated(ILogger logger, long acknowledged, int wanted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries are not known to be held by {Wanted} replicas: Redis did not answer the wait for them within {Milliseconds} ms. They stand on the primary, and a failover now may lose them")]
    static partial void LogNoAnswerFromReplicas(ILogger logger, int count, int wanted, double milliseconds);
}
