using System.Text.Json;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Events;

/// <summary>
/// The log as a Redis stream shared by every instance, trimmed to about <see cref="EventsOptions.RetentionEvents"/>
/// entries, and the poller's lease beside it. Appends run as one script, so the lease check, the dedupe and the
/// write cannot interleave with another instance's. Every key shares the hash tag <c>{events:&lt;appId&gt;}</c>, so that on a
/// Redis Cluster they live in one slot, where one script may use them all; and the app id in it gives the gateways of
/// each app id on one Redis a log, a lease and a poller of their own.
/// </summary>
public sealed partial class RedisEventLog(RedisConnection redis, AppendsAfterFailover appends, IOptions<AgoraOptions> agora,
    IOptions<EventsOptions> options, ILogger<RedisEventLog> logger)
    : IEventLog, IPollerLease
{
    /// <summary>What the names of the log's keys (and of the keys in its slot) start with, for the app <paramref name="appId"/>.</summary>
    public static string PrefixOf(string appId) => $"{RedisConnection.KeyPrefix}{{events:{RedisConnection.AppInKeys(appId)}}}:";

    /// <summary>The log itself.</summary>
    RedisKey Stream { get; } = PrefixOf(agora.Value.AppId!) + "log";
    RedisKey Seen { get; } = PrefixOf(agora.Value.AppId!) + "seen";
    /// <summary>The id of the entry the log's appends made last, which the next one names as the entry before it.</summary>
    RedisKey LastAppended { get; } = PrefixOf(agora.Value.AppId!) + "log-last";
    RedisKey Lease { get; } = PrefixOf(agora.Value.AppId!) + "poller";
    RedisKey LeaseEpoch { get; } = PrefixOf(agora.Value.AppId!) + "poller-epoch";
    RedisChannel Appended { get; } = RedisChannel.Literal(PrefixOf(agora.Value.AppId!) + "appended");

    // ARGV: fence ('' for none), retention, dedupe window (ms), channel, then (dedupe key, room, event json) per event. Each
    // entry names the one appended before it ('prev', '' when the stream held none): once the retention trims that one, a
    // read from a cursor before it can tell that it missed events, which the entry ids alone, not one apart, cannot tell.
    // That id is kept in KEYS[4], not read from the stream's last entry, which Redis hands a script whole (1.4 ms for one of
    // 1 MiB); an entry after it (an earlier version appended one) has the stream's last entry read after all.
    const string AppendScript = """
        if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[3]))
        local added, last = 0, nil
        for i = 5, #ARGV, 3 do
          if not redis.call('ZSCORE', KEYS[3], ARGV[i]) then
            if not last then
              last = redis.call('GET', KEYS[4])
              if not last or #redis.call('XRANGE', KEYS[2], '(' .. last, '+', 'COUNT', 1) > 0 then
                local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
                last = newest and newest[1] or ''
              end
            end
            last = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'room', ARGV[i + 1], 'event', ARGV[i + 2], 'prev', last)
            redis.call('ZADD', KEYS[3], now, ARGV[i])
            added = added + 1
          end
        end
        if added > 0 then
          redis.call('SET', KEYS[4], last)
          redis.call('PUBLISH', ARGV[4], last)
        end
        return added
        """;

    // ARGV: the first id, the most entries, the most bytes, the most entries looked at, the room ('' for every room). An
    // entry is looked at while the bytes of those looked at stay within the most bytes, the first always, whichever room it
    // is of: other rooms' count too, or a room's read over a log of large events held Redis for seconds (every client's
    // timeout). They are fetched one at a time, then twice as many each time up to 16 while they are small, and one at a time
    // again after large ones: sixteen entries of 1 MiB at once took Redis 0.2 s, one at a time 6 ms. The reply is the last
    // entry looked at (false for none) and the room's among them; an entry passed over for the limit or the bytes is not
    // looked at. An entry without a room field (not the gateway's) is answered, for its event to say whose it is. When none
    // follows the first id, the third part is the stream's newest id (false for an empty stream): a cursor past it names no
    // event, and the reader goes on from there rather than wait for ids that Redis's clock may take a day to reach. The
    // fourth part is the entry appended before the first one looked at ('' when none is known: the stream held none, or the
    // entry was written without it and the stream holds none before it; false when such an entry is not the first held,
    // which tells that nothing was trimmed before it, and nothing of the cursor).
    const string ReadScript = """
        local page, bytes, from, looked, last, count, before = {}, 0, ARGV[1], 0, false, 1, false
        local limit, budget, most, room = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
        while looked < most do
          local entries, fetched = redis.call('XRANGE', KEYS[1], from, '+', 'COUNT', math.min(most - looked, count)), 0
          for _, entry in ipairs(entries) do
            local fields, size, wanted, named, prev = entry[2], 0, room == '', false, nil
            for i = 1, #fields, 2 do
              size = size + #fields[i + 1]
              if fields[i] == 'room' then
                named = true
                if fields[i + 1] == room then wanted = true end
              elseif fields[i] == 'prev' then
                prev = fields[i + 1]
              end
            end
            wanted = wanted or not named
            if (wanted and #page == limit) or (looked > 0 and bytes + size > budget) then return {last, page, false, before} end
            if looked == 0 then
              before = prev or (redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1][1] == entry[1] and '' or false)
            end
            bytes = bytes + size
            fetched = fetched + size
            if wanted then page[#page + 1] = entry end
            last = entry[1]
            looked = looked + 1
          end
          if #entries == 0 then break end
          if fetched > 65536 then count = 1 else count = math.min(count * 2, 16) end
          from = '(' .. last
        end
        if not last then
          local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
          return {false, page, newest and newest[1] or false}
        end
        return {last, page, false, before}
        """;

    // Renews the caller's own lease, or takes a free one under a new epoch: the epoch makes the fencing token unique.
    const string HoldScript = """
        local current = redis.call('GET', KEYS[1])
        if current and current == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return current
        end
        if current then return false end
        local token = ARGV[2] .. ':' .. redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token, 'PX', ARGV[3])
        return token
        """;

    const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    readonly string _instance = Guid.NewGuid().ToString("N");
    readonly AppendSignal _signal = new();
    readonly SemaphoreSlim _subscribing = new(1, 1);
    bool _subscribed;

    public Task NextAppend => _signal.Next;

    public async Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken)
    {
        var values = new List<RedisValue>
        {
            fence ?? "", options.Value.RetentionEvents, (long)options.Value.DedupeWindow.TotalMilliseconds, Appended.ToString(),
        };
        foreach (var polled in events)
        {
            var json = JsonSerializer.Serialize(polled, AgoraJson.Stored);
            values.AddRange([RecentEventKeys.KeyOf(polled), polled.RoomUuid, json]);
        }
        RedisValue[] first = [.. values];
        // Made again after a failover without the fence, as the poller makes a late append once the lease is gone.
        values[0] = "";
        var added = (long)await Run(connection => appends.RunAsync(connection, "event log", AppendScript, [Lease, Stream, Seen, LastAppended], first, values));
        if (added > 0 && options.Value.ReplicasToAcknowledge > 0)
        {
            await AwaitReplicasAsync(options.Value.ReplicasToAcknowledge, added);
        }
        return added >= 0;
    }

    /// <summary>
    /// Waits, within half the command timeout, until <paramref name="wanted"/> replicas hold the events just appended,
    /// so that a failover promoting one of them keeps them (<see cref="RedisReplicas"/>). Fewer, or no answer in time, is
    /// logged, and the append stands: refusing it would stop the events of every room while a replica is missing.
    /// </summary>
    async Task AwaitReplicasAsync(int wanted, long added)
    {
        long? acknowledged;
        try
        {
            acknowledged = await RedisReplicas.AwaitAppendedAsync(redis, Stream, wanted);
        }
        catch (RedisUnavailableException e)
        {
            throw new EventLogUnavailableException(e);
        }
        if (acknowledged is not { } held)
        {
            LogNoAnswerFromReplicas(logger, added, wanted, redis.Timeout.TotalMilliseconds);
        }
        else if (held < wanted)
        {
            LogNotReplicated(logger, held, wanted);
        }
    }

    public Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(after, limit, limit, "");

    public Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(after, limit, EventLogPage.MaxLookedAt, roomUuid);

    async Task<EventLogPage> ReadAsync(EventCursor after, int limit, int lookAt, string roomUuid)
    {
        await SubscribeOnce();
        if (after.Successor is not { } first)
        {
            var end = await GetEndAsync(CancellationToken.None);
            return new EventLogPage([], end, after.MissedPast(end));
        }
        var read = (RedisResult[])(await Run(db => db.ScriptEvaluateAsync(ReadScript, [Stream],
            [first.StreamId, limit, EventLogPage.MaxBytes, lookAt, roomUuid])))!;
        // The room field picks an entry out; an entry the gateway did not write may name another room in its event, or lack it.
        var page = StreamEntries.FromScript(read[1]).Select(ToLoggedEvent).OfType<LoggedEvent>()
            .Where(logged => roomUuid.Length == 0 || logged.Event.RoomUuid == roomUuid).ToList();
        var next = Next(read, after);
        // A read that looked at no entry tells by where the log ends; one that did, by the entry before the first it looked at.
        var missed = read[0].IsNull ? after.MissedPast(next) : read.Length > 3 && !read[3].IsNull && after.Missed((string)read[3]!);
        return new EventLogPage(page, next, missed);
    }

    /// <summary>
    /// The last entry looked at; when none was, <paramref name="after"/> no further than the log's end (the log's start,
    /// <see cref="EventCursor.Start"/>, once the stream is empty; <see cref="EventCursor.NoFurtherThan"/>).
    /// </summary>
    static EventCursor Next(RedisResult[] read, EventCursor after)
    {
        if (!read[0].IsNull && EventCursor.TryParseStreamId((RedisValue)read[0], out var last))
        {
            return last;
        }
        var end = read.Length > 2 && EventCursor.TryParseStreamId((RedisValue)read[2], out var newest) ? newest : EventCursor.Start;
        return after.NoFurtherThan(end);
    }

    public Task<EventCursor> GetEndAsync(CancellationToken cancellationToken) => EdgeAsync(Order.Descending);

    public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken) => EdgeAsync(Order.Ascending);

    async Task<EventCursor> EdgeAsync(Order order)
    {
        await SubscribeOnce();
        var edge = await Run(db => db.StreamRangeAsync(Stream, "-", "+", 1, order));
        return edge.Length > 0 && EventCursor.TryParseStreamId(edge[0].Id, out var cursor) ? cursor : EventCursor.Start;
    }

    public async Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken) =>
        (await Run(db => db.StreamRangeAsync(Stream, cursor.StreamId, cursor.StreamId, 1))).Length > 0;

    public EventCursor Before(DateTimeOffset instant) => EventCursor.BeforeMillisecond((ulong)Math.Max(0, instant.ToUnixTimeMilliseconds()));

    public async Task<string?> TryHoldAsync(string? held, CancellationToken cancellationToken)
    {
        var result = await Run(db => db.ScriptEvaluateAsync(HoldScript, [Lease, LeaseEpoch],
            [held ?? "", _instance, (long)options.Value.Lease.TotalMilliseconds]));
        return result.IsNull ? null : (string?)result;
    }

    public Task ReleaseAsync(string held, CancellationToken cancellationToken) =>
        Run(db => db.ScriptEvaluateAsync(ReleaseScript, [Lease], [held]));

    /// <summary>An entry this gateway did not write (or cannot read) is skipped, never fatal to a reader.</summary>
    static LoggedEvent? ToLoggedEvent(StreamEntry entry)
    {
        var json = entry["event"];
        if (!EventCursor.TryParseStreamId(entry.Id, out var cursor) || json.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            // The entry's id is Redis's clock when the log took it.
            return JsonSerializer.Deserialize<AgoraEvent>((string)json!, AgoraJson.Stored) is { RoomUuid: not null } stored
                ? new LoggedEvent(cursor, stored, DateTimeOffset.FromUnixTimeMilliseconds((long)cursor.Ms))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every instance hears every append, so its readers wake without polling Redis.</summary>
    async Task SubscribeOnce()
    {
        if (Volatile.Read(ref _subscribed))
        {
            return;
        }
        await _subscribing.WaitAsync();
        try
        {
            if (!_subscribed)
            {
                await redis.RunAsync(async connection =>
                {
                    await connection.GetSubscriber().SubscribeAsync(Appended, (_, _) => _signal.Pulse());
                    return true;
                });
                _subscribed = true;
            }
        }
        catch (RedisUnavailableException)
        {
            // Readers still wake on their own schedule; the next read subscribes again.
        }
        finally
        {
            _subscribing.Release();
        }
    }

    Task<T> Run<T>(Func<IDatabase, Task<T>> command) => Run(connection => command(connection.GetDatabase()));

    async Task<T> Run<T>(Func<IConnectionMultiplexer, Task<T>> command)
    {
        try
        {
            return await redis.RunAsync(command);
        }
        catch (RedisUnavailableException e)
        {
            throw new EventLogUnavailableException(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appended events are held by {Acknowledged} of {Wanted} replicas: a failover now may lose them")]
    static partial void LogNotReplicated(ILogger logger, long acknowledged, int wanted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} appended events are not known to be held by {Wanted} replicas: Redis did not answer the wait for them within {Milliseconds} ms. They stand on the primary, and a failover now may lose them")]
    static partial void LogNoAnswerFromReplicas(ILogger logger, long count, int wanted, double milliseconds);
}
