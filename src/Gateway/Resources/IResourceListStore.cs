namespace Gateway.Resources;

interface IResourceListStore
{
    ValueTask<ResourceListLookup> LookupAsync(string roomUuid);

    Task StoreAsync(string roomUuid, string generation, CachedResourceList list);

    /// <summary>False when the invalidation could not be made.</summary>
    Task<bool> InvalidateAsync(string roomUuid);
}
