using System.Collections.Concurrent;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Resources;

/// <summary>
/// Two keys per room under one hash tag (one cluster slot): a generation counter and the list stored with the
/// generation it was read under. Each operation is one script, so a store never overtakes an invalidation.
/// <paramref name="kind"/> names the key space, so that other answers kept per room (the room query) share the design.
/// Each invalidation made here is remembered with the generation it moved its room to, until every list stored before
/// it has expired: a Redis restarted from an older snapshot, or a replica promoted before it had copied the
/// invalidation, holds the room's list under the generation before, and would serve it for the rest of its minute
/// (<see cref="LostInvalidationsAsync"/>).
/// </summary>
sealed class RedisResourceListStore(RedisConnection redis, LocalCopies localCopies, string appId, string kind) : IResourceListStore
{
    /// <summary>The kind of the resource lists' keys.</summary>
    public const string ResourceLists = "resources";

    static readonly long TimeToLive = (long)SharedRoomCache.TimeToLive.TotalMilliseconds;

    /// <summary>The generation counter outlives every list, so it never falls back to a value a list was stored under.</summary>
    static readonly TimeSpan GenerationLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// A list stored before ARGV[1] (Redis's time, <see cref="LocalCopies.ServedFromRedisSince"/> or, when later,
    /// <see cref="ForgetAllAsync"/>'s) is not served.
    /// </summary>
    const string LookupScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        local list = redis.call('HMGET', KEYS[2], 'gen', 'type', 'body', 'at')
        if list[1] == generation and tonumber(list[4] or '0') >= tonumber(ARGV[1]) then
          return {generation, list[2], list[3], redis.call('PTTL', KEYS[2])}
        end
        return {generation}
        """;

    const string StoreScript = """
        if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
          local time = redis.call('TIME')
          local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
          redis.call('HSET', KEYS[2], 'gen', ARGV[1], 'type', ARGV[2], 'body', ARGV[3], 'at', string.format('%d', now))
          redis.call('PEXPIRE', KEYS[2], ARGV[4])
        end
        return 0
        """;

    /// <summary>
    /// The next generation is at least Redis's clock in milliseconds: a counter would start again from 1 on a Redis that
    /// restarted empty, and a read that noted a number before the restart could then store its older list under the
    /// number of a write made after it.
    /// </summary>
    const string InvalidateScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local generation = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') + 1, now)
        redis.call('SET', KEYS[1], string.format('%d', generation), 'PX', ARGV[1])
        redis.call('DEL', KEYS[2])
        return generation
        """;

    /// <summary>
    /// The generation each room's latest invalidation here moved it to, and until when that matters; swept of what no
    /// longer does once a time to live, so that it holds the rooms written in the last two at most.
    /// </summary>
    readonly ConcurrentDictionary<string, Invalidation> _made = new(StringComparer.Ordinal);

    readonly EndedEntriesSweep _sweep = new(TimeToLive, Environment.TickCount64);

    sealed record Invalidation(long Generation, long Until);

    /// <summary>Redis's time (Unix ms) before which nothing stored is served from here (<see cref="ForgetAllAsync"/>).</summary>
    long _forgottenBefore;

    /// <summary>The forgettings asked for, and how many of them have their floor in <see cref="_forgottenBefore"/>.</summary>
    long _forgettings, _forgettingsFloored;

    public async ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        if (Interlocked.Read(ref _forgettings) is var forgettings && forgettings != Interlocked.Read(ref _forgettingsFloored)
            && !await FloorAsync(forgettings))
        {
            return default;
        }
        var servedSince = Math.Max(localCopies.ServedFromRedisSince, Interlocked.Read(ref _forgottenBefore));
        var found = await redis.TryAsync(db => db.ScriptEvaluateAsync(LookupScript, Keys(roomUuid), [servedSince]));
        if (!found.Done)
        {
            return default;
        }
        var parts = (RedisResult[])found.Value!;
        return parts is [var generation, var type, var body, var remaining]
            ? new ResourceListLookup(new CachedResourceList((string)type!, (byte[])body!), (string)generation!,
                TimeSpan.FromMilliseconds(Math.Max(0, (long)remaining)))
            : new ResourceListLookup(null, (string)parts[0]!);
    }

    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list, TimeSpan timeToLive) =>
        redis.TryAsync(db => db.ScriptEvaluateAsync(StoreScript, Keys(roomUuid),
            [generation, list.ContentType, list.Body, (long)timeToLive.TotalMilliseconds]));

    public async Task<bool> InvalidateAsync(string roomUuid)
    {
        var made = await redis.TryAsync(db => db.ScriptEvaluateAsync(InvalidateScript, Keys(roomUuid), [(long)GenerationLifetime.TotalMilliseconds]));
        if (!made.Done)
        {
            return false;
        }
        // A list stored before this invalidation expires within a time to live of it.
        var now = Environment.TickCount64;
        var invalidation = new Invalidation((long)made.Value, now + TimeToLive);
        _made.AddOrUpdate(roomUuid, invalidation, (_, before) => invalidation with { Generation = Math.Max(before.Generation, invalidation.Generation) });
        // Once a time to live, by one caller: what no longer matters goes.
        _sweep.Run(_made, now, static (kept, at) => at >= kept.Until);
        return true;
    }

    /// <summary>
    /// This instance alone serves nothing stored before Redis's time now, and no room's generation moves: every instance
    /// reads the log, and each that lost events there forgets for itself; one that read them dropped their rooms on every
    /// instance. What it reads afresh it stores over the old, for all. When Redis cannot tell its time now, each lookup asks
    /// it first and serves nothing from Redis until it is told: the lease of copies, taken again after a failure, does not
    /// stand for it, as it can be taken again before the forgetting while this instance leaves Redis alone after a command
    /// that failed, which asks nothing of Redis (<see cref="RedisConnection.FailureBackOff"/>).
    /// </summary>
    public async Task ForgetAllAsync() => await FloorAsync(Interlocked.Increment(ref _forgettings));

    /// <summary>
    /// Raises <see cref="_forgottenBefore"/> to Redis's time now, for the forgettings up to <paramref name="forgettings"/>,
    /// all asked for before it; false when Redis does not tell it.
    /// </summary>
    async Task<bool> FloorAsync(long forgettings)
    {
        var time = await redis.TryAsync(db => db.ExecuteAsync("TIME"));
        if (!time.Done || (RedisResult[])time.Value! is not [var seconds, var microseconds])
        {
            return false;
        }
        // Past the millisecond it names: a list stored within it may have been stored before.
        var now = (long)seconds * 1000 + (long)microseconds / 1000 + 1;
        LocalCopies.InterlockedMax(ref _forgottenBefore, now);
        LocalCopies.InterlockedMax(ref _forgettingsFloored, forgettings);
        return true;
    }

    /// <summary>
    /// The rooms whose generation in Redis is behind the one an invalidation made here moved it to: Redis lost that
    /// invalidation, and may hold the list it dropped. A generation moved on by others since is not behind.
    /// </summary>
    public async Task<IReadOnlyList<string>?> LostInvalidationsAsync()
    {
        List<string> lost = [];
        foreach (var (roomUuid, made) in _made)
        {
            if (Environment.TickCount64 >= made.Until)
            {
                continue;
            }
            var generation = await redis.TryAsync(db => db.StringGetAsync(Keys(roomUuid)[0]));
            if (!generation.Done)
            {
                return null;
            }
            if ((long)generation.Value < made.Generation)
            {
                lost.Add(roomUuid);
            }
        }
        return lost;
    }

    RedisKey[] Keys(string roomUuid)
    {
        var room = $"{RedisConnection.KeyPrefix}{kind}:{{{RedisConnection.AppInKeys(appId)}:{roomUuid}}}";
        return [room + ":gen", room + ":list"];
    }
}
