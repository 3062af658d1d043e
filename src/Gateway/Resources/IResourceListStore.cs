namespace Gateway.Resources;

interface IResourceListStore
{
    ValueTask<ResourceListLookup> LookupAsync(string roomUuid);

    Task StoreAsync(string roomUuid, string generation, CachedResourceList list);

    /// <summary>False when the invalidation could not be made.</summary>
    Task<bool> InvalidateAsync(string roomUuid);

    /// <summary>
    /// The rooms whose invalidation, made here within a list's time to live, the store no longer holds; null when it
    /// could not be asked.
    /// </summary>
    Task<IReadOnlyList<string>?> LostInvalidationsAsync();
}
