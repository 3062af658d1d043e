using System.Collections.Concurrent;
using Gateway.Redis;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Resources;

/// <summary>
/// One kind of Agora's answers about rooms (<paramref name="kind"/>: resource lists, room details), kept per room and
/// shared by every instance through Redis, each instance serving its own copies of what it read there
/// (<see cref="LocalCopies"/>: an invalidation reaches every copy before the write is answered), or in process without
/// Redis. While a configured Redis is down nothing is cached. Answers live at most <see cref="TimeToLive"/>, which bounds
/// staleness from changes made outside the gateway.
/// </summary>
public partial class SharedRoomCache(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, string appId, string kind,
    TimeProvider time, ILogger<SharedRoomCache> logger)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);

    readonly IResourceListStore _store = redis.IsConfigured ? new RedisResourceListStore(redis, localCopies, appId, kind) : new MemoryResourceListStore(memory, kind, time);
    readonly LocalCopies? _localCopies = redis.IsConfigured ? localCopies : null;
    readonly ConcurrentDictionary<string, byte> _pendingInvalidations = new(StringComparer.Ordinal);

    /// <summary>Kept beside the dictionary because its IsEmpty takes every lock when it is empty: the common case, on every read.</summary>
    int _pendingCount;

    /// <summary>
    /// What keys a room's copy among this instance's copies, before the room. A resource list's is nothing, its room
    /// alone, as it was when lists were all an instance copied; every other kind's is the kind, on a line of its own
    /// (room ids hold no line breaks).
    /// </summary>
    readonly string _copyPrefix = kind == RedisResourceListStore.ResourceLists ? "" : kind + "\n";

    readonly string _catchUpName = "invalidations\n" + kind;

    public ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        if (Volatile.Read(ref _pendingCount) != 0)
        {
            return LookupAfterPendingInvalidations(roomUuid);
        }
        if (_localCopies is null)
        {
            return _store.LookupAsync(roomUuid);
        }
        return _localCopies.TryGet<CachedResourceList>(_copyPrefix + roomUuid, out var copy)
            ? ValueTask.FromResult(new ResourceListLookup(copy, null))
            : LookupAndKeep(_localCopies, roomUuid);
    }

    async ValueTask<ResourceListLookup> LookupAndKeep(LocalCopies localCopies, string roomUuid)
    {
        var epoch = localCopies.Epoch;
        var lookup = await _store.LookupAsync(roomUuid);
        if (lookup.Hit is { } hit)
        {
            localCopies.Keep(_copyPrefix + roomUuid, hit, lookup.HitLivesFor, epoch);
        }
        return lookup;
    }

    /// <summary>While an invalidation could not be made, nothing is served from this instance's copies.</summary>
    async ValueTask<ResourceListLookup> LookupAfterPendingInvalidations(string roomUuid)
    {
        // Redis may answer reads while it refuses the invalidation (out of memory, say): what it holds is then the answer
        // from before the write, which is not served; the read goes to Agora and keeps nothing.
        if (!await MakePendingInvalidationsAsync())
        {
            return default;
        }
        return await _store.LookupAsync(roomUuid);
    }

    /// <summary>Keeps <paramref name="list"/> for <paramref name="timeToLive"/> (at most <see cref="TimeToLive"/>) if the room's generation is still <paramref name="generation"/>.</summary>
    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list, TimeSpan timeToLive) =>
        _store.StoreAsync(roomUuid, generation, list, timeToLive);

    /// <summary>
    /// Makes every instance's next read of <paramref name="roomUuid"/> a fresh one. If Redis cannot be told now, it is
    /// told before this instance's next read and as soon as this instance reaches Redis again
    /// (<see cref="LocalCopies.CatchUpAfterEveryLapse"/>), and the write is answered once no other instance's copy can be
    /// served and Redis has been tried once more (<see cref="LocalCopies.TellEveryMemberAsync"/>); an instance that
    /// still reaches Redis while this one cannot may serve the old answer from Redis until then, for at most
    /// <see cref="TimeToLive"/>.
    /// </summary>
    public Task InvalidateAsync(string roomUuid, CancellationToken cancellationToken)
    {
        if (_localCopies is null)
        {
            return InvalidateOrPendAsync(roomUuid);
        }
        _localCopies.Drop(_copyPrefix + roomUuid);
        _localCopies.CatchUpAfterEveryLapse(_catchUpName, CatchUpAsync);
        return _localCopies.TellEveryMemberAsync(() => InvalidateOrPendAsync(roomUuid), () => MakePendingInvalidationAsync(roomUuid));
    }

    /// <summary>
    /// Makes this instance's next read of every room a fresh one, for when it cannot know which rooms changed: its store
    /// serves it nothing stored before (<see cref="IResourceListStore.ForgetAllAsync"/>), then its own copies go, which
    /// mirror what Redis holds and would be as old. Other instances keep theirs: each drops its own when it finds it lost
    /// what told of changes.
    /// </summary>
    public async Task InvalidateAllHereAsync()
    {
        await _store.ForgetAllAsync();
        _localCopies?.DropAll();
    }

    /// <summary>Makes the room's invalidation, or keeps it to be made (<see cref="Pend"/>); false when it could not be made.</summary>
    async Task<bool> InvalidateOrPendAsync(string roomUuid)
    {
        if (await InvalidateEverywhere(roomUuid))
        {
            return true;
        }
        Pend(roomUuid);
        return false;
    }

    void Pend(string roomUuid)
    {
        if (_pendingInvalidations.TryAdd(roomUuid, 0))
        {
            Interlocked.Increment(ref _pendingCount);
        }
    }

    /// <summary>
    /// Each time this instance reaches Redis again after its lease lapsed: makes the invalidations that could not be made,
    /// and again those made here that Redis took and no longer holds (a failover, a restart from an older snapshot), which
    /// would otherwise let every instance serve the lists they dropped for the rest of their minute. False while one cannot
    /// be made; until it is, this instance's reads go to Redis, not to its copies.
    /// </summary>
    async Task<bool> CatchUpAsync()
    {
        if (await _store.LostInvalidationsAsync() is not { } lost)
        {
            return false;
        }
        foreach (var roomUuid in lost)
        {
            Pend(roomUuid);
        }
        if (lost.Count > 0)
        {
            LogLost(logger, lost.Count, kind);
        }
        return await MakePendingInvalidationsAsync();
    }

    /// <summary>Moves the room's generation on, then has every instance drop its copy.</summary>
    async Task<bool> InvalidateEverywhere(string roomUuid) =>
        await _store.InvalidateAsync(roomUuid) && (_localCopies is null || await _localCopies.PublishAsync(_copyPrefix + roomUuid));

    /// <summary>Makes the invalidations that could not be made; false when one still cannot be.</summary>
    async Task<bool> MakePendingInvalidationsAsync()
    {
        foreach (var room in _pendingInvalidations.Keys)
        {
            if (!await MakePendingInvalidationAsync(room))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Makes the room's invalidation if it could not be made and still is not; false when it cannot be.</summary>
    async Task<bool> MakePendingInvalidationAsync(string roomUuid)
    {
        if (!_pendingInvalidations.ContainsKey(roomUuid))
        {
            return true;
        }
        if (!await InvalidateEverywhere(roomUuid))
        {
            return false;
        }
        if (_pendingInvalidations.TryRemove(roomUuid, out _))
        {
            Interlocked.Decrement(ref _pendingCount);
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} invalidations of {Kind} made lately are no longer held by Redis (a failover, or a restart from an older snapshot), and are made again")]
    static partial void LogLost(ILogger logger, int count, string kind);
}
