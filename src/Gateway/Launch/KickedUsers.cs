using System.Globalization;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Upstream;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Launch;

/// <summary>
/// The dirty kicks the gateway forwarded and Agora accepted, until their ban ends: the join refuses a kicked user
/// rather than hand it launch options that Agora would refuse on entry. Shared by every instance through Redis (one
/// key per room and user, under the room's hash tag, expiring with the ban), each instance serving its own copies of
/// what it read there (<see cref="LocalCopies"/>: a kick reaches every copy before its answer), and kept in this process
/// too, so a kick remembered while Redis was down still counts here. Kicks made elsewhere (Agora's console, the
/// passthrough) are not known: Agora still refuses those users when the client enters.
/// </summary>
public sealed class KickedUsers(RedisConnection redis, IMemoryCache memory, LocalCopies localCopies, AgoraUpstream upstream, TimeProvider time)
{
    public async Task RememberAsync(string roomUuid, string userUuid, DateTimeOffset until)
    {
        var left = until - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return;
        }
        memory.Set(MemoryKey(roomUuid, userUuid), until, left);
        var key = CopyKey(roomUuid, userUuid);
        localCopies.Drop(key);
        var stored = await redis.TryAsync(db => db.StringSetAsync(RedisKey(roomUuid, userUuid),
            until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), left));
        if (stored.Done)
        {
            await localCopies.PublishAsync(key);
        }
    }

    /// <summary>When the user's ban in the room ends, or null when the gateway knows of none in force.</summary>
    public async Task<DateTimeOffset?> BannedUntilAsync(string roomUuid, string userUuid)
    {
        var now = time.GetUtcNow();
        if (memory.TryGetValue(MemoryKey(roomUuid, userUuid), out DateTimeOffset known) && known > now)
        {
            return known;
        }
        var key = CopyKey(roomUuid, userUuid);
        if (!localCopies.TryGet(key, out DateTimeOffset until))
        {
            var epoch = localCopies.Epoch;
            var shared = await redis.TryAsync(db => db.StringGetAsync(RedisKey(roomUuid, userUuid)));
            if (!shared.Done)
            {
                return null;
            }
            // No ban is kept as one that ended long ago, for as long as a room's other answers are.
            until = long.TryParse((string?)shared.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : DateTimeOffset.MinValue;
            var left = until - now;
            localCopies.Keep(key, until, left > TimeSpan.Zero && left < SharedRoomCache.TimeToLive ? left : SharedRoomCache.TimeToLive, epoch);
        }
        return until > now ? until : null;
    }

    string RedisKey(string roomUuid, string userUuid) => $"{RedisConnection.KeyPrefix}kicked:{{{upstream.AppId}:{roomUuid}}}:{userUuid}";

    static string MemoryKey(string roomUuid, string userUuid) => $"kicked:{roomUuid}\n{userUuid}";

    /// <summary>Among the instance's copies: the kind on a line of its own, as <see cref="SharedRoomCache"/> keys rooms' answers.</summary>
    static string CopyKey(string roomUuid, string userUuid) => $"kicked\n{roomUuid}\n{userUuid}";
}
