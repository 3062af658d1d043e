using Gateway.Identity;
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
/// The reads that miss a room while one of them is asking Agora share its answer (a class's first joins, all at once, ask
/// Agora once per instance): only reads of the same generation share, so a read that starts after a write has dropped the
/// room never takes an answer asked for before it. With <c>Agora:UpstreamCredential</c> <c>Caller</c> each read asks as
/// its own caller, so a read takes another's answer only when it is a success: Agora's refusal of one caller's token is
/// not another's, who asks with their own.
/// </summary>
public sealed class RoomDetailsCache(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, AgoraServiceCalls agora,
    AgoraUpstream upstream, GatewayMetrics metrics, IOptions<AgoraOptions> options, TimeProvider time, ILogger<SharedRoomCache> logger)
{
    readonly bool _asCaller = options.Value.UpstreamCredential == UpstreamCredential.Caller;
    readonly SharedRoomCache _cache = new(redis, memory, localCopies, upstream.AppId, "room", time, logger);
    readonly SharedQuestions<AgoraAnswer> _questions = new();

    /// <summary>
    /// The room's details from the cache (<see cref="RoomDetailsLookup.Hit"/>), or asked of Agora on behalf of
    /// <paramref name="uid"/>, for the request <paramref name="requestId"/> names.
    /// </summary>
    public async Task<RoomDetailsLookup> GetAsync(string roomUuid, string uid, string requestId, CancellationToken cancellationToken)
    {
        var lookup = await _cache.LookupAsync(roomUuid);
        if (lookup.Hit is { } hit)
        {
            metrics.CacheLookup(hit: true, "rooms");
            return new RoomDetailsLookup(new AgoraAnswer(StatusCodes.Status200OK, hit.ContentType, hit.Body, 0, null, "Agora answered 200."), Hit: true);
        }
        metrics.CacheLookup(hit: false, "rooms");
        if (lookup.Generation is not { } generation)
        {
            return new RoomDetailsLookup(await AskAsync(roomUuid, uid, requestId, cancellationToken), Hit: false);
        }
        var asking = _questions.Join(roomUuid, generation, out var mine);
        if (mine is not null)
        {
            // Not given up when one of the reads waiting for it is (others may be waiting): Agora's time bound ends it.
            _ = AskAndShareAsync(mine, roomUuid, generation, uid, requestId);
        }
        var answer = await asking.WaitAsync(cancellationToken);
        return new RoomDetailsLookup(_asCaller && mine is null && !answer.IsSuccess ? await AskAsync(roomUuid, uid, requestId, cancellationToken) : answer,
            Hit: false);
    }

    /// <summary>
    /// As <see cref="GetAsync"/> for the caller of <paramref name="context"/>'s request, kept in the request for its later
    /// <see cref="GetOnceInRequestAsync"/> of the same room. The ban check before the join
    /// (<see cref="Launch.KickedUsers.RefusalAsync"/>) reads the room, and a 404 is kept nowhere else, so the join asked
    /// Agora for a gone room a second time, a fourth call in its chain where the graceful stop counts three
    /// (<see cref="Configuration.GracefulStop.LongestChainOfCalls"/>).
    /// </summary>
    public async Task<RoomDetailsLookup> GetKeptInRequestAsync(HttpContext context, string roomUuid, CancellationToken cancellationToken)
    {
        var lookup = await GetAsync(roomUuid, Caller.Of(context).UserId, context.RequestId(), cancellationToken);
        context.Features.Set(new KeptRead(roomUuid, lookup));
        return lookup;
    }

    /// <summary>
    /// The read of the room that <paramref name="context"/>'s request kept (<see cref="GetKeptInRequestAsync"/>), or as
    /// <see cref="GetAsync"/> for its caller when it kept none. Keeps nothing: a join without a ban check stores nothing.
    /// </summary>
    public Task<RoomDetailsLookup> GetOnceInRequestAsync(HttpContext context, string roomUuid, CancellationToken cancellationToken) =>
        context.Features.Get<KeptRead>() is { } kept && kept.RoomUuid == roomUuid
            ? Task.FromResult(kept.Lookup)
            : GetAsync(roomUuid, Caller.Of(context).UserId, context.RequestId(), cancellationToken);

    /// <summary>A room's read kept in a request, as one of its features.</summary>
    sealed record KeptRead(string RoomUuid, RoomDetailsLookup Lookup);

    async Task AskAndShareAsync(TaskCompletionSource<AgoraAnswer> mine, string roomUuid, string generation, string uid, string requestId)
    {
        try
        {
            var answer = await AskAsync(roomUuid, uid, requestId, CancellationToken.None);
            if (answer.IsSuccess)
            {
                await _cache.StoreAsync(roomUuid, generation, new CachedResourceList(answer.ContentType ?? "application/json", answer.Body),
                    SharedRoomCache.TimeToLive);
            }
            _questions.Answer(roomUuid, generation, mine, answer);
        }
        catch (Exception e)
        {
            _questions.Fail(roomUuid, generation, mine, e);
        }
    }

    Task<AgoraAnswer> AskAsync(string roomUuid, string uid, string requestId, CancellationToken cancellationToken) =>
        agora.ReadAsync(upstream.AppPath("v2", "rooms", roomUuid), uid, requestId, cancellationToken);

    /// <summary>
    /// Makes every instance's next read of the room a fresh one. If the store cannot be told now, it is told before this
    /// instance's next read, which meanwhile asks Agora; other instances may serve the old details for at most the time to live.
    /// </summary>
    public Task InvalidateAsync(string roomUuid) => _cache.InvalidateAsync(roomUuid, CancellationToken.None);

    /// <summary>Makes this instance's next read of every room a fresh one (<see cref="SharedRoomCache.InvalidateAllHereAsync"/>).</summary>
    public Task InvalidateAllHereAsync() => _cache.InvalidateAllHereAsync();
}
