using Gateway.Redis;
using Gateway.Resources;
using Gateway.Telemetry;
using Gateway.Upstream;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Rooms;

/// <summary>
/// Agora's query classroom answers (<c>GET /v2/rooms/{roomUuid}</c>: name, type, schedule, state, properties), kept per
/// room as the resource lists are (<see cref="SharedRoomCache"/>: in Redis shared by every instance, each serving its own
/// copies, or in process without it; dropped on every instance before a write's answer). Only Agora's successes are kept.
/// </summary>
public sealed class RoomDetailsCache(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, AgoraServiceCalls agora,
    AgoraUpstream upstream, GatewayMetrics metrics)
{
    readonly SharedRoomCache _cache = new(redis, memory, localCopies, upstream.AppId, "room");

    /// <summary>The room's details from the cache (<see cref="RoomDetailsLookup.Hit"/>), or asked of Agora on behalf of <paramref name="uid"/>.</summary>
    public async Task<RoomDetailsLookup> GetAsync(string roomUuid, string uid, CancellationToken cancellationToken)
    {
        var lookup = await _cache.LookupAsync(roomUuid);
        metrics.CacheLookup(lookup.Hit is not null, "rooms");
        if (lookup.Hit is { } hit)
        {
            return new RoomDetailsLookup(new AgoraAnswer(StatusCodes.Status200OK, hit.ContentType, hit.Body, 0, null, "Agora answered 200."), Hit: true);
        }
        var answer = await agora.SendAsync(HttpMethod.Get, upstream.AppPath("v2", "rooms", roomUuid), uid, body: null, cancellationToken);
        if (answer.IsSuccess && lookup.Generation is { } generation)
        {
            await _cache.StoreAsync(roomUuid, generation, new CachedResourceList(answer.ContentType ?? "application/json", answer.Body));
        }
        return new RoomDetailsLookup(answer, Hit: false);
    }

    /// <summary>
    /// Makes every instance's next read of the room a fresh one. If the store cannot be told now, it is told before this
    /// instance's next read, which meanwhile asks Agora; other instances may serve the old details for at most the time to live.
    /// </summary>
    public Task InvalidateAsync(string roomUuid) => _cache.InvalidateAsync(roomUuid, CancellationToken.None);
}
