using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Resources;

/// <summary>The single-instance form: the same generations, in this process's memory, under <paramref name="kind"/>.</summary>
sealed class MemoryResourceListStore(IMemoryCache memory, string kind) : IResourceListStore
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
            memory.Set(Key(roomUuid), new Entry(generation, list), SharedRoomCache.TimeToLive);
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

    /// <summary>This process's memory loses nothing it keeps.</summary>
    public Task<IReadOnlyList<string>?> LostInvalidationsAsync() => Task.FromResult<IReadOnlyList<string>?>([]);

    string Generation(string roomUuid) => _generations.GetValueOrDefault(roomUuid) ?? "0";

    string Key(string roomUuid) => kind + ":" + roomUuid;
}
