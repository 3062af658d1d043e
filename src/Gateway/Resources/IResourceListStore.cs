namespace Gateway.Resources;

interface IResourceListStore
{
    ValueTask<ResourceListLookup> LookupAsync(string roomUuid);

    /// <summary>Keeps <paramref name="list"/> for <paramref name="timeToLive"/>, at most <see cref="SharedRoomCache.TimeToLive"/>.</summary>
    Task StoreAsync(string roomUuid, string generation, CachedResourceList list, TimeSpan timeToLive);

    /// <summary>False when the invalidation could not be made.</summary>
    Task<bool> InvalidateAsync(string roomUuid);

    /// <summary>
    /// Serves no room's answer stored before now from this instance: what changed meanwhile may not have been told (the
    /// events that said so were lost before this instance read them). A read noted before it stores nothing.
    /// </summary>
    Task ForgetAllAsync();

    /// <summary>
    /// The rooms whose invalidation, made here within a list's time to live, the store no longer holds; null when it
    /// could not be asked.
    /// </summary>
    Task<IReadOnlyList<string>?> LostInvalidationsAsync();
}
