using System.Text.Json;
using Gateway.Redis;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Resources;

/// <summary>
/// Rooms' public resource lists (<see cref="SharedRoomCache"/>), dropped after writes through the gateway and when Agora
/// reports that a room's resources changed. A list showing a conversion still running is kept
/// <see cref="ConvertingTimeToLive"/> only (<see cref="TimeToLiveOf"/>).
/// </summary>
public sealed class ResourceListCache(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, IOptions<AgoraOptions> options,
    TimeProvider time, ILogger<SharedRoomCache> logger)
    : SharedRoomCache(redis, memory, localCopies, options.Value.AppId!, RedisResourceListStore.ResourceLists, time, logger), IResourceListInvalidator
{
    /// <summary>
    /// How long a list showing a conversion still running is kept: its progress moves on at Agora without a write, and
    /// Agora is not known to raise a cmd 1003 as a conversion moves on or ends, so a class waiting for its slides would
    /// see the conversion stuck for the whole <see cref="SharedRoomCache.TimeToLive"/>.
    /// </summary>
    public static readonly TimeSpan ConvertingTimeToLive = TimeSpan.FromSeconds(5);

    /// <summary>The lists being read from Agora: the list one read kept, or null when it kept none.</summary>
    public SharedQuestions<CachedResourceList?> Reading { get; } = new();

    /// <summary>
    /// How long Agora's successful list <paramref name="envelope"/> is kept: <see cref="ConvertingTimeToLive"/> when any of
    /// its resources shows a conversion running (<see cref="IsConverting"/>), <see cref="SharedRoomCache.TimeToLive"/>
    /// otherwise.
    /// </summary>
    public static TimeSpan TimeToLiveOf(JsonElement envelope) =>
        envelope.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array && data.EnumerateArray().Any(IsConverting)
            ? ConvertingTimeToLive
            : TimeToLive;

    /// <summary>
    /// A conversion is running when <c>convert</c> is true and its <c>taskProgress</c> is neither at 100 % nor said to
    /// have ended by a <c>status</c> of <c>Finished</c> or <c>Fail</c> (Agora's own client reads that field beside
    /// <c>Waiting</c> and <c>Converting</c>): a failed conversion changes no more. One with no progress yet is running.
    /// </summary>
    static bool IsConverting(JsonElement resource)
    {
        if (resource.ValueKind != JsonValueKind.Object || !resource.TryGetProperty("convert", out var convert) || convert.ValueKind != JsonValueKind.True)
        {
            return false;
        }
        if (!resource.TryGetProperty("taskProgress", out var progress) || progress.ValueKind != JsonValueKind.Object)
        {
            return true;
        }
        if (progress.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            && status.GetString() is "Finished" or "Fail")
        {
            return false;
        }
        return !(progress.TryGetProperty("convertedPercentage", out var percentage) && percentage.ValueKind == JsonValueKind.Number
            && percentage.GetDouble() >= 100);
    }
}
