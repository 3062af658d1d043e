using Gateway.Redis;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Resources;

/// <summary>
/// Rooms' public resource lists (<see cref="SharedRoomCache"/>), dropped after writes through the gateway and when Agora
/// reports that a room's resources changed.
/// </summary>
public sealed class ResourceListCache(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, IOptions<AgoraOptions> options,
    ILogger<SharedRoomCache> logger)
    : SharedRoomCache(redis, memory, localCopies, options.Value.AppId!, RedisResourceListStore.ResourceLists, logger), IResourceListInvalidator
{
    /// <summary>The lists being read from Agora: the list one read kept, or null when it kept none.</summary>
    public SharedQuestions<CachedResourceList?> Reading { get; } = new();
}
