using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Resources;

/// <summary>
/// Two keys per room under one hash tag (one cluster slot): a generation counter and the list stored with the
/// generation it was read under. Each operation is one script, so a store never overtakes an invalidation.
/// <paramref name="kind"/> names the key space, so that other answers kept per room (the room query) share the design.
/// </summary>
sealed class RedisResourceListStore(RedisConnection redis, string appId, string kind) : IResourceListStore
{
    /// <summary>The kind of the resource lists' keys.</summary>
    public const string ResourceLists = "resources";

    /// <summary>The generation counter outlives every list, so it never falls back to a value a list was stored under.</summary>
    static readonly TimeSpan GenerationLifetime = TimeSpan.FromDays(1);

    const string LookupScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        local list = redis.call('HMGET', KEYS[2], 'gen', 'type', 'body')
        if list[1] == generation then
          return {generation, list[2], list[3], redis.call('PTTL', KEYS[2])}
        end
        return {generation}
        """;

    const string StoreScript = """
        if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
          redis.call('HSET', KEYS[2], 'gen', ARGV[1], 'type', ARGV[2], 'body', ARGV[3])
          redis.call('PEXPIRE', KEYS[2], ARGV[4])
        end
        return 0
        """;

    const string InvalidateScript = """
        redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        return 0
        """;

    public async ValueTask<ResourceListLookup> LookupAsync(string roomUuid)
    {
        var found = await redis.TryAsync(db => db.ScriptEvaluateAsync(LookupScript, Keys(roomUuid)));
        if (!found.Done)
        {
            return default;
        }
        var parts = (RedisResult[])found.Value!;
        return parts is [var generation, var type, var body, var remaining]
            ? new ResourceListLookup(new CachedResourceList((string)type!, (byte[])body!), (string)generation!,
                TimeSpan.FromMilliseconds(Math.Max(0, (long)remaining)))
            : new ResourceListLookup(null, (string)parts[0]!);
    }

    public Task StoreAsync(string roomUuid, string generation, CachedResourceList list) =>
        redis.TryAsync(db => db.ScriptEvaluateAsync(StoreScript, Keys(roomUuid),
            [generation, list.ContentType, list.Body, (long)SharedRoomCache.TimeToLive.TotalMilliseconds]));

    public async Task<bool> InvalidateAsync(string roomUuid) =>
        (await redis.TryAsync(db => db.ScriptEvaluateAsync(InvalidateScript, Keys(roomUuid), [(long)GenerationLifetime.TotalMilliseconds]))).Done;

    RedisKey[] Keys(string roomUuid)
    {
        var room = $"{RedisConnection.KeyPrefix}{kind}:{{{appId}:{roomUuid}}}";
        return [room + ":gen", room + ":list"];
    }
}
