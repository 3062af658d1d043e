using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Classroom.Agora.Tokens;
using Gateway.Redis;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Gateway.Tokens;

/// <summary>
/// Minted RTM tokens, reused per uid while at least <see cref="ReuseMargin"/> of their life remains. With Redis every
/// instance hands out the one token stored there; without it (or while it is down) tokens are kept in process.
/// One mint per uid at a time in an instance; across instances one atomic script keeps a single winner.
/// The tokens are secrets: they live only in Redis and memory and are never logged.
/// </summary>
public sealed class CachedRtmTokenSource : IRtmTokenSource
{
    /// <summary>
    /// Stores the candidate unless a token that expires no sooner than ARGV[2] (unix ms) is there already; answers the
    /// one kept. The value is "expiresAt issuedAt token" (unix seconds), so the script can judge it without JSON.
    /// </summary>
    const string KeepOrStoreScript = """
        local current = redis.call('GET', KEYS[1])
        if current and tonumber(string.match(current, '^(%d+)')) * 1000 >= tonumber(ARGV[2]) then
          return current
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        return ARGV[1]
        """;

    readonly RtmTokenMinter _minter;
    readonly Telemetry.GatewayMetrics _metrics;
    readonly RedisConnection _redis;
    readonly IMemoryCache _memory;
    readonly TimeProvider _time;
    readonly TimeSpan _lifetime;
    readonly string _keyPrefix;
    readonly ConcurrentDictionary<string, Lazy<Task<RtmToken>>> _minting = new(StringComparer.Ordinal);

    public CachedRtmTokenSource(RtmTokenMinter minter, RedisConnection redis, IMemoryCache memory, TimeProvider time,
        IOptions<AgoraOptions> options, Telemetry.GatewayMetrics metrics)
    {
        _metrics = metrics;
        _minter = minter;
        _redis = redis;
        _memory = memory;
        _time = time;
        _lifetime = TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);
        ReuseMargin = MarginFor(_lifetime);
        _keyPrefix = $"{RedisConnection.KeyPrefix}rtm-token:{Fingerprint(options.Value)}:";
    }

    /// <summary>A token is handed out only while at least this much of its life remains: max(5 min, 20 % of the lifetime).</summary>
    public TimeSpan ReuseMargin { get; }

    public static TimeSpan MarginFor(TimeSpan lifetime) => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 5));

    public async ValueTask<RtmToken> GetTokenAsync(string uid, CancellationToken cancellationToken)
    {
        if (_lifetime <= ReuseMargin)
        {
            return _minter.Mint(uid); // a lifetime this short is never worth keeping
        }
        var found = await FindAsync(uid);
        _metrics.CacheLookup(found is not null, "rtm-tokens");
        if (found is not null)
        {
            return found;
        }
        var minting = _minting.GetOrAdd(uid, u => new Lazy<Task<RtmToken>>(() => MintAndShareAsync(u)));
        try
        {
            return await minting.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _minting.TryRemove(KeyValuePair.Create(uid, minting));
        }
    }

    /// <summary>
    /// The copy this instance holds first: it is the token Redis kept (the one winner across instances) or, while
    /// Redis was away, the one this instance handed out, and it lives no longer than the Redis entry would — so a
    /// repeated caller costs no round trip. Only an instance without a copy asks Redis.
    /// </summary>
    async ValueTask<RtmToken?> FindAsync(string uid)
    {
        if (FromMemory(uid) is { } held)
        {
            return held;
        }
        var shared = await _redis.TryAsync(db => db.StringGetAsync(_keyPrefix + uid));
        if (!shared.Done)
        {
            return FromMemory(uid);
        }
        if (Parse(shared.Value, uid) is not { } token || !IsReusable(token))
        {
            return null;
        }
        Remember(uid, token);
        return token;
    }

    async Task<RtmToken> MintAndShareAsync(string uid)
    {
        // A token this instance already holds (kept while Redis was away) is offered before a new one is minted.
        var token = FromMemory(uid) ?? _minter.Mint(uid);
        var kept = await _redis.TryAsync(db => db.ScriptEvaluateAsync(KeepOrStoreScript, [_keyPrefix + uid],
            [Format(token), (_time.GetUtcNow() + ReuseMargin).ToUnixTimeMilliseconds(), (long)ReusableFor(token).TotalMilliseconds]));
        if (kept.Done && Parse((RedisValue)kept.Value, uid) is { } winner && IsReusable(winner))
        {
            token = winner;
        }
        Remember(uid, token);
        return token;
    }

    /// <summary>How long from now the token may still be handed out; at least 1 ms, as Redis expiries must be positive.</summary>
    TimeSpan ReusableFor(RtmToken token) =>
        TimeSpan.FromMilliseconds(Math.Max(1, (token.ExpiresAt - ReuseMargin - _time.GetUtcNow()).TotalMilliseconds));

    void Remember(string uid, RtmToken token) => _memory.Set(MemoryKey(uid), token, ReusableFor(token));

    RtmToken? FromMemory(string uid) =>
        _memory.TryGetValue(MemoryKey(uid), out RtmToken? token) && token is not null && IsReusable(token) ? token : null;

    bool IsReusable(RtmToken token) => token.ExpiresAt - _time.GetUtcNow() >= ReuseMargin;

    static string MemoryKey(string uid) => "rtm-token:" + uid;

    static string Format(RtmToken token) => $"{Unix(token.ExpiresAt)} {Unix(token.IssuedAt)} {token.Token}";

    static string Unix(DateTimeOffset instant) => instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    static RtmToken? Parse(RedisValue value, string uid)
    {
        var parts = ((string?)value)?.Split(' ');
        return parts is [var expires, var issued, var token]
            && long.TryParse(expires, CultureInfo.InvariantCulture, out var expiresAt)
            && long.TryParse(issued, CultureInfo.InvariantCulture, out var issuedAt)
            ? new RtmToken(token, uid, DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt))
            : null;
    }

    /// <summary>
    /// Tokens of one app id, certificate and lifetime share a key space: a new certificate starts afresh, and instances of
    /// another lifetime keep tokens of their own.
    /// </summary>
    static string Fingerprint(AgoraOptions options) => Convert.ToHexStringLower(SHA256.HashData(
        Encoding.UTF8.GetBytes($"{options.AppId}:{options.AppCertificate}:{options.TokenLifetimeSeconds}")))[..16];
}
