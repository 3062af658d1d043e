using System.Collections.Concurrent;
using System.Globalization;
using Gateway.Redis;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Gateway.Resources;

/// <summary>One room's resource list exactly as Agora answered it.</summary>
public sealed record CachedResourceList(string ContentType, byte[] Body);

/// <summary>
/// What a read found: the cached list (and how long it lives on where it was found), or the generation a fresh list
/// may be stored under (null: do not store). A write that lands between the lookup and the store moves the
/// generation on, so the older list is never kept.
/// </summary>
public readonly record struct ResourceListLookup(CachedResourceList? Hit, string? Generation, TimeSpan HitLivesFor = default);

/// <summary>
/// Rooms' resource lists, shared by every instance through Redis, each instance serving its own copies of what it read
/// there (<see cref="NearResourceLists"/>: an invalidation reaches every copy before the write is answered), or in
/// process without Redis. While a configured Redis is down nothing is cached. Lists live <see cref="TimeToLive"/>,
/// which bounds staleness from changes made outside the gateway.
/// </summary>
public sealed class ResourceListCache : IResourceListInvalidator
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);

    readonly IResourceListStore _store;
    readonly NearResourceLists? _near;
    readonly ConcurrentDictionary<string, byte> _pendingInvalidations = new(StringComparer.Ordinal);

    /// <summary>Kept beside the dictionary because its IsEmpty takes every lock when it is empty: the common case, on every read.</summary>
    int _pendingCount;

    public ResourceListCache(RedisConnection redis, IMemoryCache memory, NearResourceLists near, IOptions<AgoraOptions> options)
    {
        _store = redis.IsConfigured ? new RedisResourceListStore(redis, options.Value.AppId!) : new MemoryResourceListStore(memory);
        _near = redis.IsConfigured ? near : null;
    }

    public ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        if (Volatile.Read(ref _pendingCount) != 0)
        {
            return LookupAfterPendingInvalidations(roomUuid);
        }
        if (_near is null)
        {
            return _store.LookupAsync(roomUuid);
        }
        return _near.TryGet(roomUuid, out var copy) ? ValueTask.FromResult(new ResourceListLookup(copy, null)) : LookupAndKeep(_near, roomUuid);
    }

    async ValueTask<ResourceListLookup> LookupAndKeep(NearResourceLists near, string roomUuid)
    {
        var epoch = near.Epoch;
        var lookup = await _store.LookupAsync(roomUuid);
        if (lookup.Hit is { } hit)
        {
            near.Keep(roomUuid, hit, lookup.HitLivesFor, epoch);
        }
        return lookup;
    }

    /// <summary>While an invalidation could not be made, nothing is served from this instance's copies.</summary>
    async ValueTask<ResourceListLookup> LookupAfterPendingInvalidations(string roomUuid)
    {
        await RetryPendingInvalidations();
        return await _store.LookupAsync(roomUuid);
    }

    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list) => _store.StoreAsync(roomUuid, generation, list);

    /// <summary>
    /// Makes every instance's next read of <paramref name="roomUuid"/> a fresh one: after writes through the gateway,
    /// and when Agora reports that a room's resources changed. If Redis cannot be told now, it is told before this
    /// instance's next read; meanwhile other instances may serve the old list for at most <see cref="TimeToLive"/>.
    /// </summary>
    public async Task InvalidateAsync(string roomUuid, CancellationToken cancellationToken)
    {
        _near?.Drop(roomUuid);
        if (!await InvalidateEverywhere(roomUuid))
        {
            if (_pendingInvalidations.TryAdd(roomUuid, 0))
            {
                Interlocked.Increment(ref _pendingCount);
            }
        }
    }

    /// <summary>Moves the room's generation on, then has every instance drop its copy.</summary>
    async Task<bool> InvalidateEverywhere(string roomUuid) =>
        await _store.InvalidateAsync(roomUuid) && (_near is null || await _near.PublishAsync(roomUuid));

    async Task RetryPendingInvalidations()
    {
        foreach (var room in _pendingInvalidations.Keys)
        {
            if (!await InvalidateEverywhere(room))
            {
                return;
            }
            if (_pendingInvalidations.TryRemove(room, out _))
            {
                Interlocked.Decrement(ref _pendingCount);
            }
        }
    }
}

interface IResourceListStore
{
    ValueTask<ResourceListLookup> LookupAsync(string roomUuid);

    Task StoreAsync(string roomUuid, string generation, CachedResourceList list);

    /// <summary>False when the invalidation could not be made.</summary>
    Task<bool> InvalidateAsync(string roomUuid);
}

/// <summary>
/// Two keys per room under one hash tag (one cluster slot): a generation counter and the list stored with the
/// generation it was read under. Each operation is one script, so a store never overtakes an invalidation.
/// </summary>
sealed class RedisResourceListStore(RedisConnection redis, string appId) : IResourceListStore
{
    /// <summary>The generation counter outlives every list, so it never falls back to a value a list was stored under.</summary>
    static readonly TimeSpan GenerationLifetime = TimeSpan.FromDays(1);

    const string LookupScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        local list = redis.call('HMGET', KEYS[2], 'gen', 'type', 'body')
        if list[1] == generation then
          return {generation, list[2], list[3], redis.call('PTTL', KEYS[2])}
        end
        return {generation}
        """;

    const string StoreScript = """
        if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
          redis.call('HSET', KEYS[2], 'gen', ARGV[1], 'type', ARGV[2], 'body', ARGV[3])
          redis.call('PEXPIRE', KEYS[2], ARGV[4])
        end
        return 0
        """;

    const string InvalidateScript = """
        redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        return 0
        """;

    public async ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        var found = await redis.TryAsync(db => db.ScriptEvaluateAsync(LookupScript, Keys(roomUuid)));
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

    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list) =>
        redis.TryAsync(db => db.ScriptEvaluateAsync(StoreScript, Keys(roomUuid),
            [generation, list.ContentType, list.Body, (long)ResourceListCache.TimeToLive.TotalMilliseconds]));

    public async Task<bool> InvalidateAsync(string roomUuid) =>
        (await redis.TryAsync(db => db.ScriptEvaluateAsync(InvalidateScript, Keys(roomUuid), [(long)GenerationLifetime.TotalMilliseconds]))).Done;

    RedisKey[] Keys(string roomUuid)
    {
        var room = $"{RedisConnection.KeyPrefix}resources:{{{appId}:{roomUuid}}}";
        return [room + ":gen", room + ":list"];
    }
}

/// <summary>The single-instance form: the same generations, in this process's memory.</summary>
sealed class MemoryResourceListStore(IMemoryCache memory) : IResourceListStore
{
    sealed record Entry(string Generation, CachedResourceList List);

    /// <summary>Kept as text, the form lookups answer with, so that a read formats nothing.</summary>
    readonly ConcurrentDictionary<string, string> _generations = new(StringComparer.Ordinal);

    public ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        var generation = Generation(roomUuid);
        var hit = memory.TryGetValue(Key(roomUuid), out Entry? entry) && entry?.Generation == generation ? entry.List : null;
        return ValueTask.FromResult(new ResourceListLookup(hit, generation));
    }

    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list)
    {
        // Checked again on every lookup, so an invalidation racing this store still wins.
        if (Generation(roomUuid) == generation)
        {
            memory.Set(Key(roomUuid), new Entry(generation, list), ResourceListCache.TimeToLive);
        }
        return Task.CompletedTask;
    }

    public Task<bool> InvalidateAsync(string roomUuid)
    {
        _generations.AddOrUpdate(roomUuid, "1", (_, generation) =>
            (long.Parse(generation, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));
        memory.Remove(Key(roomUuid));
        return Task.FromResult(true);
    }

    string Generation(string roomUuid) => _generations.GetValueOrDefault(roomUuid) ?? "0";

    static string Key(string roomUuid) => "resources:" + roomUuid;
}
