using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// Tells a Redis that is out of reach for now — down, slow, loading, failing over, a primary refusing writes while no
/// replica is connected to it (NOREPLICAS, under <c>min-replicas-to-write</c>) — from a Redis that answered and refused
/// what it was sent (a script error, keys in two cluster slots, a wrong type, no memory) or a bug on this side.
/// The first is waited out quietly; the second never goes away by itself, so it is logged at Error and counted.
/// </summary>
public static class RedisFailures
{
    public static bool IsOutage(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        RedisServerException server => server.Kind is RedisErrorKind.ConnectionFault or RedisErrorKind.Timeout or RedisErrorKind.Loading
            or RedisErrorKind.ClusterDown or RedisErrorKind.MasterDown or RedisErrorKind.TryAgain or RedisErrorKind.ReadOnly
            or RedisErrorKind.NoReplicas or RedisErrorKind.Busy or RedisErrorKind.MaxClients or RedisErrorKind.Moved or RedisErrorKind.Ask,
        _ => false,
    };

    /// <summary>A refusal by Redis or by the client library before sending: an answer, not an outage.</summary>
    public static bool IsRefusal(Exception e) => e is RedisException or RedisCommandException && !IsOutage(e);

    /// <summary>What a log line or a metric may say of a failure: its kind, never its text, which can quote what was sent.</summary>
    public static string KindOf(Exception e) => e is RedisServerException server ? server.Kind.ToString() : e.GetType().Name;
}
