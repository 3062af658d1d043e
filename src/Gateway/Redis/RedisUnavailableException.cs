namespace Gateway.Redis;

/// <summary>Redis is out of reach for now (see <see cref="RedisFailures.IsOutage"/>); the caller falls back or retries.</summary>
public sealed class RedisUnavailableException(Exception inner) : Exception("Redis cannot be reached.", inner);
