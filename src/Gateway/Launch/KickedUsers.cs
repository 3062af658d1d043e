using System.Globalization;
using Gateway.Redis;
using Gateway.Upstream;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Launch;

/// <summary>
/// The dirty kicks the gateway forwarded and Agora accepted, until their ban ends: the join refuses a kicked user
/// rather than hand it launch options that Agora would refuse on entry. Shared by every instance through Redis (one
/// key per room and user, under the room's hash tag, expiring with the ban), and kept in this process too, so a kick
/// remembered while Redis was down still counts here. Kicks made elsewhere (Agora's console, the passthrough) are not
/// known: Agora still refuses those users when the client enters.
/// </summary>
public sealed class KickedUsers(RedisConnection redis, IMemoryCache memory, AgoraUpstream upstream, TimeProvider time)
{
    public async Task RememberAsync(string roomUuid, string userUuid, DateTimeOffset until)
    {
        var left = until - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return;
        }
        memory.Set(MemoryKey(roomUuid, userUuid), until, left);
        await redis.TryAsync(db => db.StringSetAsync(RedisKey(roomUuid, userUuid),
            until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), left));
    }

    /// <summary>When the user's ban in the room ends, or null when the gateway knows of none in force.</summary>
    public async Task<DateTimeOffset?> BannedUntilAsync(string roomUuid, string userUuid)
    {
        var now = time.GetUtcNow();
        if (memory.TryGetValue(MemoryKey(roomUuid, userUuid), out DateTimeOffset known) && known > now)
        {
            return known;
        }
        var shared = await redis.TryAsync(db => db.StringGetAsync(RedisKey(roomUuid, userUuid)));
        return shared.Done && long.TryParse((string?)shared.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && DateTimeOffset.FromUnixTimeMilliseconds(ms) is var until && until > now
            ? until
            : null;
    }

    string RedisKey(string roomUuid, string userUuid) => $"{RedisConnection.KeyPrefix}kicked:{{{upstream.AppId}:{roomUuid}}}:{userUuid}";

    static string MemoryKey(string roomUuid, string userUuid) => $"kicked:{roomUuid}\n{userUuid}";
}
