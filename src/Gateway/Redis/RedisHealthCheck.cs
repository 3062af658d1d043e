using System.Diagnostics;
using System.Globalization;
using Gateway.Audit;
using Gateway.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// Readiness: the primaries holding the event log's and the audit trail's keys each take a write in that slot, or Redis is
/// not configured (then everything runs in process). Both, as a cluster may place the two on different primaries, and
/// either refusing writes leaves appends held in memory. A write of a key, not a PING or a read: a node of a failed
/// cluster answers a PING and refuses every key (CLUSTERDOWN); only the primary owning the key's slot — the one that must
/// take the appends — takes it; and a primary that answers reads but refuses writes (too few replicas,
/// <c>NOREPLICAS</c>; a node being demoted, <c>READONLY</c>; out of memory) cannot store an event, an audit entry or a
/// limit's count. <c>/readyz</c> needs no sign-in, so one round of writes answers every readiness request for
/// <see cref="Fresh"/> from its start, those that come while it runs too: else anyone could make the gateway write to
/// Redis as fast as they can ask.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis, IOptions<AgoraOptions> agora) : IHealthCheck
{
    /// <summary>The keys readiness writes, in the slots of this app's event log and audit trail; each lasts a few seconds.</summary>
    readonly RedisKey[] _keys = [RedisEventLog.PrefixOf(agora.Value.AppId!) + "ready", RedisAuditTrail.PrefixOf(agora.Value.AppId!) + "ready"];

    /// <summary>How long a write's start answers readiness requests for.</summary>
    public static readonly TimeSpan Fresh = Health.SharedCheck<bool>.Fresh;

    static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(10);

    /// <summary>Wall-clock time, not the gateway's TimeProvider: this paces a network client, as the connection's back-off does.</summary>
    readonly Health.SharedCheck<bool> _write = new(TimeProvider.System);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _write.Current(true, CheckAsync).WaitAsync(cancellationToken);

    /// <summary>One write, shared by the requests it answers, so none of them cancels it (the command's bound ends it).</summary>
    async Task<HealthCheckResult> CheckAsync()
    {
        var connection = await redis.GetAsync();
        if (connection is null)
        {
            return HealthCheckResult.Healthy("Not configured: caches and the event log are in process.");
        }
        try
        {
            var asked = Stopwatch.GetTimestamp();
            var database = connection.GetDatabase();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await Task.WhenAll(_keys.Select(key => database.StringSetAsync(key, now, KeyLifetime, flags: CommandFlags.DemandMaster)))
                .WaitAsync(redis.Timeout);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture,
                $"Redis took the writes in {Stopwatch.GetElapsedTime(asked).TotalMilliseconds:0.#} ms."));
        }
        catch (RedisServerException e)
        {
            // Redis answers, and says why it takes no write now (NoReplicas, ReadOnly, ClusterDown, Loading, out of memory):
            // its kind, not its text.
            return HealthCheckResult.Unhealthy($"Redis refuses writes ({RedisFailures.KindOf(e)}); the gateway serves from the upstream meanwhile.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(redis.Misconfiguration is { } misconfiguration
                ? $"{misconfiguration}; the gateway serves from the upstream meanwhile."
                : redis.ConnectFailure is { } failure
                ? $"Redis cannot be connected to ({failure}); the gateway serves from the upstream meanwhile."
                : "Redis does not answer; the gateway serves from the upstream meanwhile.");
        }
    }
}
