using System.Collections.Concurrent;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Telemetry;
using Gateway.Upstream;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Rooms;

/// <summary>
/// Agora's query classroom answers (<c>GET /v2/rooms/{roomUuid}</c>: name, type, schedule, state, properties), kept per
/// room as the resource lists are — the same stores and scripts, generations and time to live — in Redis shared by every
/// instance, or in process without it. Unlike the lists, no instance keeps copies of its own: every read asks the store,
/// so dropping a room there reaches every instance at once. Only Agora's successes are kept.
/// </summary>
public sealed class RoomDetailsCache
{
    const string Kind = "room";

    readonly IResourceListStore _store;
    readonly AgoraServiceCalls _agora;
    readonly AgoraUpstream _upstream;
    readonly GatewayMetrics _metrics;
    readonly ConcurrentDictionary<string, byte> _pendingInvalidations = new(StringComparer.Ordinal);

    public RoomDetailsCache(RedisConnection redis, IMemoryCache memory, AgoraServiceCalls agora, AgoraUpstream upstream, GatewayMetrics metrics)
    {
        _store = redis.IsConfigured ? new RedisResourceListStore(redis, upstream.AppId, Kind) : new MemoryResourceListStore(memory, Kind);
        _agora = agora;
        _upstream = upstream;
        _metrics = metrics;
    }

    /// <summary>The room's details from the cache (<see cref="RoomDetailsLookup.Hit"/>), or asked of Agora on behalf of <paramref name="uid"/>.</summary>
    public async Task<RoomDetailsLookup> GetAsync(string roomUuid, string uid, CancellationToken cancellationToken)
    {
        if (!_pendingInvalidations.IsEmpty)
        {
            await RetryPendingInvalidations();
        }
        var lookup = _pendingInvalidations.ContainsKey(roomUuid) ? default : await _store.LookupAsync(roomUuid);
        _metrics.CacheLookup(lookup.Hit is not null, "rooms");
        if (lookup.Hit is { } hit)
        {
            return new RoomDetailsLookup(new AgoraAnswer(StatusCodes.Status200OK, hit.ContentType, hit.Body, 0, null, "Agora answered 200."), Hit: true);
        }
        var answer = await _agora.SendAsync(HttpMethod.Get, _upstream.AppPath("v2", "rooms", roomUuid), uid, body: null, cancellationToken);
        if (answer.IsSuccess && lookup.Generation is { } generation)
        {
            await _store.StoreAsync(roomUuid, generation, new CachedResourceList(answer.ContentType ?? "application/json", answer.Body));
        }
        return new RoomDetailsLookup(answer, Hit: false);
    }

    /// <summary>
    /// Makes every instance's next read of the room a fresh one. If the store cannot be told now, it is told before this
    /// instance's next read, which meanwhile asks Agora; other instances may serve the old details for at most the time to live.
    /// </summary>
    public async Task InvalidateAsync(string roomUuid)
    {
        if (!await _store.InvalidateAsync(roomUuid))
        {
            _pendingInvalidations.TryAdd(roomUuid, 0);
        }
    }

    async Task RetryPendingInvalidations()
    {
        foreach (var room in _pendingInvalidations.Keys)
        {
            if (!await _store.InvalidateAsync(room))
            {
                return;
            }
            _pendingInvalidations.TryRemove(room, out _);
        }
    }
}
