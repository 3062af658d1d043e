using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Resources;

/// <summary>
/// The single-instance form: the same generations, in this process's memory, under <paramref name="kind"/>. Generations
/// come from one counter for every room; a room holds the one its latest invalidation took. Past
/// <see cref="MaxRooms"/> rooms they are all forgotten, and a room without one has the newest generation forgotten: it
/// never goes back to one a read noted before the room's last invalidation, so a read that raced it still stores
/// nothing, while an instance that meets ever new rooms (every write and event naming one invalidates it) keeps a bounded
/// number of them. Lists kept under a forgotten generation are read afresh. A list lives its time to live on the
/// gateway's <paramref name="time"/>, as Redis keeps it on its own clock; the memory cache, on the system's, only lets it go.
/// </summary>
sealed class MemoryResourceListStore(IMemoryCache memory, string kind, TimeProvider time) : IResourceListStore
{
    public const int MaxRooms = 10_000;

    sealed record Entry(string Generation, CachedResourceList List, DateTimeOffset Until);

    /// <summary>Kept as text, the form lookups answer with, so that a read formats nothing.</summary>
    readonly ConcurrentDictionary<string, string> _generations = new(StringComparer.Ordinal);

    readonly Lock _invalidating = new();
    long _last;
    string _forgotten = "0";

    public ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        var generation = Generation(roomUuid);
        var hit = memory.TryGetValue(Key(roomUuid), out Entry? entry) && entry?.Generation == generation && time.GetUtcNow() < entry.Until
            ? entry.List
            : null;
        return ValueTask.FromResult(new ResourceListLookup(hit, generation));
    }

    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list, TimeSpan timeToLive)
    {
        // Checked again on every lookup, so an invalidation racing this store still wins.
        if (Generation(roomUuid) == generation)
        {
            memory.Set(Key(roomUuid), new Entry(generation, list, time.GetUtcNow() + timeToLive), timeToLive);
        }
        return Task.CompletedTask;
    }

    public Task<bool> InvalidateAsync(string roomUuid)
    {
        lock (_invalidating)
        {
            if (_generations.Count >= MaxRooms && !_generations.ContainsKey(roomUuid))
            {
                // Every generation given so far is at most _last: none of them comes back to a forgotten room.
                Volatile.Write(ref _forgotten, _last.ToString(CultureInfo.InvariantCulture));
                _generations.Clear();
            }
            _generations[roomUuid] = (++_last).ToString(CultureInfo.InvariantCulture);
        }
        memory.Remove(Key(roomUuid));
        return Task.FromResult(true);
    }

    /// <summary>Every room takes a generation no list was stored under, as when they are all forgotten past <see cref="MaxRooms"/>.</summary>
    public Task ForgetAllAsync()
    {
        lock (_invalidating)
        {
            Volatile.Write(ref _forgotten, (++_last).ToString(CultureInfo.InvariantCulture));
            _generations.Clear();
        }
        return Task.CompletedTask;
    }

    /// <summary>This process's memory loses nothing it keeps.</summary>
    public Task<IReadOnlyList<string>?> LostInvalidationsAsync() => Task.FromResult<IReadOnlyList<string>?>([]);

    string Generation(string roomUuid) => _generations.TryGetValue(roomUuid, out var generation) ? generation : Volatile.Read(ref _forgotten);

    string Key(string roomUuid) => kind + ":" + roomUuid;
}
