using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Redis;

namespace Gateway.Events;

/// <summary>
/// Single-use tickets that open a room's stream where no <c>Authorization</c> header can be sent (a browser's
/// <c>EventSource</c>): 256 random bits, bound to the caller and the room, living <see cref="Lifetime"/> at most and never
/// beyond the sign-in they were issued under. Only their SHA-256 is stored — in Redis when it is configured, so that any
/// instance can redeem them, else (or while Redis is out of reach) in this process — and redeeming one removes it in the
/// same step (<c>GETDEL</c>), so it opens one stream at most. Their keys name the app id, so that the gateways of another
/// app on the same Redis redeem none of them.
/// </summary>
public sealed class StreamTickets(RedisConnection redis, IOptions<AgoraOptions> agora, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>The length of a ticket: 32 random bytes in base64url.</summary>
    public const int Length = 43;

    readonly string _keyPrefix = $"{RedisConnection.KeyPrefix}event-ticket:{RedisConnection.AppInKeys(agora.Value.AppId!)}:";

    readonly ConcurrentDictionary<string, Issued> _inProcess = new(StringComparer.Ordinal);

    /// <summary>A grant with the ticket's own expiry: Redis's expiry runs on Redis's clock, this one on the gateway's.</summary>
    sealed record Issued(StreamTicketGrant Grant, DateTimeOffset ExpiresAt);

    /// <summary>A new ticket for <paramref name="grant"/> and when it expires.</summary>
    public async Task<(string Ticket, DateTimeOffset ExpiresAt)> IssueAsync(StreamTicketGrant grant)
    {
        var ticket = NewTicket();
        var now = time.GetUtcNow();
        var issued = new Issued(grant, grant.SignInExpiresAt < now + Lifetime ? grant.SignInExpiresAt : now + Lifetime);
        var stored = await redis.TryAsync(db => db.StringSetAsync(KeyOf(ticket), JsonSerializer.Serialize(issued), issued.ExpiresAt - now));
        if (!stored.Done)
        {
            // A SET that timed out may still run when Redis resumes: the ticket kept here is another one, so that no
            // instance redeems it a second time from Redis.
            ticket = NewTicket();
            ForgetExpired(now);
            _inProcess[KeyOf(ticket)] = issued;
        }
        return (ticket, issued.ExpiresAt);
    }

    static string NewTicket() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// What a redeemed ticket grants: no grant when it is unknown, used, expired or malformed; <see cref="Unanswered"/> when
    /// Redis, which may hold it, could not be asked, so that whether it is good cannot be told.
    /// </summary>
    public sealed record Redemption(StreamTicketGrant? Grant, bool Unanswered = false);

    /// <summary>What the ticket grants, once.</summary>
    public async Task<Redemption> RedeemAsync(string ticket)
    {
        if (ticket.Length != Length || !Base64Url.IsValid(ticket))
        {
            return new Redemption(null);
        }
        var key = KeyOf(ticket);
        if (!_inProcess.TryRemove(key, out var issued))
        {
            var taken = await redis.TryAsync(db => db.StringGetDeleteAsync(key));
            if (!taken.Done && redis.IsConfigured)
            {
                return new Redemption(null, Unanswered: true);
            }
            issued = taken is { Done: true, Value: { IsNullOrEmpty: false } json } ? JsonSerializer.Deserialize<Issued>((string)json!) : null;
        }
        return new Redemption(issued is not null && time.GetUtcNow() < issued.ExpiresAt ? issued.Grant : null);
    }

    string KeyOf(string ticket) => _keyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(ticket)));

    void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (key, issued) in _inProcess)
        {
            if (issued.ExpiresAt <= now)
            {
                _inProcess.TryRemove(key, out _);
            }
        }
    }
}
