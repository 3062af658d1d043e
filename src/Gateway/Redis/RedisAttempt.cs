namespace Gateway.Redis;

/// <summary>The outcome of <see cref="RedisConnection.TryAsync{T}"/>: whether Redis answered, and what.</summary>
public readonly record struct RedisAttempt<T>(bool Done, T Value);
