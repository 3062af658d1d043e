namespace Gateway.Resources;

/// <summary>
/// What a read found: the cached list (and how long it lives on where it was found), or the generation a fresh list
/// may be stored under (null: do not store). A write that lands between the lookup and the store moves the
/// generation on, so the older list is never kept.
/// </summary>
public readonly record struct ResourceListLookup(CachedResourceList? Hit, string? Generation, TimeSpan HitLivesFor = default);
