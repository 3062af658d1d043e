using System.Collections.Concurrent;
using System.Globalization;
using Gateway.Identity;
using Gateway.Problems;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Rooms;
using Gateway.Upstream;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Launch;

/// <summary>
/// The dirty kicks the gateway forwarded and Agora accepted, until their ban ends: the join refuses a kicked user
/// rather than hand it launch options that Agora would refuse on entry. Shared by every instance through Redis (one
/// key per room and user, under the room's hash tag, expiring with the ban), each instance serving its own copies of
/// what it read there (<see cref="LocalCopies"/>: a kick reaches every copy before its answer), and kept in this process
/// too, so a kick remembered while Redis was down still counts here. Each instance tells Redis again of the kicks made
/// through it whenever its lease is taken again after a lapse, so a kick made while Redis could not be reached, or lost
/// with Redis's data, reaches the other instances once Redis is back. Kicks made elsewhere (Agora's console, the
/// passthrough) are not known: Agora still refuses those users when the client enters. A ban is the room's: once Agora has
/// destroyed the room (an hour after its class ended) and the id names a new room, created after the kick, Agora lets the
/// user in again, and so does the gateway.
/// </summary>
public sealed class KickedUsers(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, AgoraUpstream upstream,
    RoomDetailsCache rooms, TimeProvider time)
{
    /// <summary>How far Agora's clock, which dates a room's creation, and this one may disagree.</summary>
    static readonly TimeSpan ClockDisagreement = TimeSpan.FromMinutes(1);

    /// <summary>A ban: when it ends, and when the kick was made (<see cref="DateTimeOffset.MinValue"/> when not known).</summary>
    public sealed record Ban(DateTimeOffset Until, DateTimeOffset KickedAt)
    {
        public static readonly Ban None = new(DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }

    /// <summary>
    /// The kicks made through this instance whose ban still runs, by their key among the copies: those whose ban ended go
    /// at the next kick, swept once a minute at most (<see cref="_sweep"/>), and at each catch-up.
    /// </summary>
    readonly ConcurrentDictionary<string, Kick> _made = new(StringComparer.Ordinal);

    /// <summary>The sweep of <see cref="_made"/>, in UTC ticks: the table holds the running bans and a minute's kicks at most.</summary>
    readonly EndedEntriesSweep _sweep = new(TimeSpan.FromMinutes(1).Ticks, time.GetUtcNow().UtcTicks);

    /// <summary>
    /// Stores the ban ARGV[1] ("until kickedAt", Unix ms), ending at ARGV[2], for ARGV[3] ms, unless Redis holds one that
    /// ends no sooner (its first number): answers 1 when stored, 0 when not.
    /// </summary>
    const string StoreUnlessEndingLaterScript = """
        local stored = redis.call('GET', KEYS[1])
        local ends = stored and tonumber(string.match(stored, '^(%d+)'))
        if ends and ends >= tonumber(ARGV[2]) then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        return 1
        """;

    /// <summary>Whether this instance's memory holds a ban: until its first kick, every route of a room asks nothing of it.</summary>
    volatile bool _remembered;

    /// <summary>A kick made here; <paramref name="Shared"/> once Redis holds it and every instance was told.</summary>
    sealed record Kick(string RoomUuid, string UserUuid, DateTimeOffset Until, DateTimeOffset KickedAt, bool Shared);

    public async Task RememberAsync(string roomUuid, string userUuid, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        var left = until - now;
        if (left <= TimeSpan.Zero)
        {
            return;
        }
        memory.Set(MemoryKey(roomUuid, userUuid), new Ban(until, now), left);
        _remembered = true;
        var key = CopyKey(roomUuid, userUuid);
        localCopies.Drop(key);
        if (redis.IsConfigured)
        {
            // Nothing tells Redis of an ended kick again; a catch-up lets go of them too, but comes only after a lapse,
            // which a healthy Redis never has.
            _sweep.Run(_made, now.UtcTicks, static (made, at) => made.Until.UtcTicks <= at);
            var kick = _made[key] = new Kick(roomUuid, userUuid, until, now, Shared: false);
            localCopies.CatchUpAfterEveryLapse(nameof(KickedUsers), ShareAgainAsync);
            // As any write Redis could not take: answered once no other instance serves its copy of "no ban", and Redis
            // has been tried once more.
            await localCopies.TellEveryMemberAsync(() => ShareAsync(key, kick, retry: false), () => ShareOnceMoreAsync(key, kick));
        }
    }

    /// <summary>
    /// The kick once more, unless a catch-up has told it since or a later kick of the user made here took its place; as a
    /// retry (<see cref="ShareAsync"/>).
    /// </summary>
    Task<bool> ShareOnceMoreAsync(string key, Kick kick) =>
        _made.TryGetValue(key, out var made) && made == kick ? ShareAsync(key, kick, retry: true) : Task.FromResult(true);

    /// <summary>
    /// Tells Redis again of every running ban made here that it does not hold, or whose invalidation it did not take, as a
    /// retry (<see cref="ShareAsync"/>). False when one could not be told.
    /// </summary>
    async Task<bool> ShareAgainAsync()
    {
        foreach (var (key, kick) in _made)
        {
            if (kick.Until <= time.GetUtcNow())
            {
                _made.TryRemove(new(key, kick));
            }
            else if (!await ShareAsync(key, kick, retry: true))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Stores the ban, then has every instance drop its copy, unless that was done. The kick's own telling stores it over
    /// whatever Redis holds; a <paramref name="retry"/> (after the lease wait, or a catch-up), made later, stores it unless
    /// Redis holds a ban that ends no sooner: another instance's kick of the same user, which Redis may have taken
    /// meanwhile, is not cut short, and a ban that ends sooner (an earlier kick's) does not keep this one out, as it did
    /// when a retry stored only where Redis held no ban, and the other instances let the user in when that one ended.
    /// </summary>
    async Task<bool> ShareAsync(string key, Kick kick, bool retry)
    {
        var left = kick.Until - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return true;
        }
        var redisKey = RedisKey(kick.RoomUuid, kick.UserUuid);
        var until = kick.Until.ToUnixTimeMilliseconds();
        var value = string.Create(CultureInfo.InvariantCulture, $"{until} {kick.KickedAt.ToUnixTimeMilliseconds()}");
        var stored = retry
            ? await redis.TryAsync(async db => (bool)await db.ScriptEvaluateAsync(StoreUnlessEndingLaterScript, [redisKey],
                [value, until, (long)Math.Ceiling(left.TotalMilliseconds)]))
            : await redis.TryAsync(db => db.StringSetAsync(redisKey, value, left));
        if (!stored.Done || ((stored.Value || !kick.Shared) && !await localCopies.PublishAsync(key)))
        {
            return false;
        }
        _made.TryUpdate(key, kick with { Shared = true }, kick);
        return true;
    }

    /// <summary>
    /// The 403 of <paramref name="request"/>'s caller when the gateway knows it to be kicked out of the room dirty, while the
    /// ban runs (Agora's own refusal of its entry carries no code; 20403200 is the gateway's): for every route of the room.
    /// Null otherwise, and when Agora knows no room under the id, or the room it names now was created after the kick (asked
    /// of the room's details, as the caller and once in the request, only when a ban is found): the room the user was
    /// kicked out of is gone, and its ban with it.
    /// </summary>
    public async Task<ProblemHttpResult?> RefusalAsync(HttpContext request, string roomUuid)
    {
        if (await BannedAsync(roomUuid, Caller.Of(request).UserId) is not { } ban
            || (ban.KickedAt != DateTimeOffset.MinValue && await GoneAsync(request, roomUuid, ban.KickedAt + ClockDisagreement)))
        {
            return null;
        }
        return GatewayProblems.Result(StatusCodes.Status403Forbidden,
            $"The user was kicked out of this classroom and may not enter again before {ban.Until:u}.", AgoraCodes.UserBanned);
    }

    /// <summary>
    /// Whether the room the user was kicked out of is gone: Agora knows no room under its id (it destroyed it), or the room
    /// under its id now was created after <paramref name="instant"/>. Gone, it may be made anew by anyone, the kicked user too.
    /// </summary>
    async Task<bool> GoneAsync(HttpContext request, string roomUuid, DateTimeOffset instant)
    {
        var room = (await rooms.GetKeptInRequestAsync(request, roomUuid, request.RequestAborted)).Answer;
        return room.Is(StatusCodes.Status404NotFound, AgoraCodes.RoomNotFound)
            || (room.IsSuccess && room.Data<ClassroomDetails>() is { } details && details.CreateTime > instant.ToUnixTimeMilliseconds());
    }

    /// <summary>The user's ban in the room, or null when the gateway knows of none in force.</summary>
    public async Task<Ban?> BannedAsync(string roomUuid, string userUuid)
    {
        var now = time.GetUtcNow();
        if (_remembered && memory.TryGetValue(MemoryKey(roomUuid, userUuid), out Ban? known) && known is not null && known.Until > now)
        {
            return known;
        }
        if (!redis.IsConfigured)
        {
            // Without Redis this instance's memory holds every ban it knows; every route of a room asks, so it asks no more.
            return null;
        }
        var key = CopyKey(roomUuid, userUuid);
        if (!localCopies.TryGet<Ban>(key, out var ban))
        {
            var epoch = localCopies.Epoch;
            var shared = await redis.TryAsync(db => db.StringGetAsync(RedisKey(roomUuid, userUuid)));
            if (!shared.Done)
            {
                return null;
            }
            // No ban is kept as one that ended long ago, for as long as a room's other answers are.
            ban = Parse((string?)shared.Value);
            var left = ban.Until - now;
            localCopies.Keep(key, ban, left > TimeSpan.Zero && left < SharedRoomCache.TimeToLive ? left : SharedRoomCache.TimeToLive, epoch);
        }
        return ban.Until > now ? ban : null;
    }

    /// <summary>"until kickedAt" in Unix milliseconds; a ban stored with its end alone has no known kick time.</summary>
    static Ban Parse(string? stored)
    {
        var parts = (stored ?? "").Split(' ');
        return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            ? new Ban(DateTimeOffset.FromUnixTimeMilliseconds(until),
                parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(at) : DateTimeOffset.MinValue)
            : Ban.None;
    }

    /// <summary>
    /// The ban's key, its room and user escaped: ids may hold <c>:</c>, <c>{</c> and <c>}</c>, and written as they are,
    /// room <c>a}:b</c> with user <c>c</c> and room <c>a</c> with user <c>b}:c</c> had one key, one's kick the other's ban.
    /// Escaped, neither can end the room's hash tag or reach into the other part; an id without those characters keeps its key.
    /// </summary>
    string RedisKey(string roomUuid, string userUuid) =>
        $"{RedisConnection.KeyPrefix}kicked:{{{RedisConnection.AppInKeys(upstream.AppId)}:{Escaped(roomUuid)}}}:{Escaped(userUuid)}";

    static string Escaped(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal)
        .Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);

    static string MemoryKey(string roomUuid, string userUuid) => $"kicked:{roomUuid}\n{userUuid}";

    /// <summary>Among the instance's copies: the kind on a line of its own, as <see cref="SharedRoomCache"/> keys rooms' answers.</summary>
    static string CopyKey(string roomUuid, string userUuid) => $"kicked\n{roomUuid}\n{userUuid}";
}
