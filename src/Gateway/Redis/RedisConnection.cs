using System.Collections.Concurrent;
using Gateway.Telemetry;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// The one Redis connection of this instance. It never blocks start-up and never throws for a Redis that is
/// down: it keeps reconnecting in the background while callers fall back, with short timeouts so that no request
/// stalls for seconds on it.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    /// <summary>How long one Redis command may take before the caller gives up on it and falls back, unless <c>Redis:CommandTimeoutMilliseconds</c> says otherwise.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait for one connection attempt.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>After a command fails, Redis is left alone this long, so a hung server costs one timeout, not one per request.</summary>
    public static readonly TimeSpan FailureBackOff = TimeSpan.FromSeconds(2);

    /// <summary>Every key the gateway writes starts with this, so the gateway can share a Redis with others.</summary>
    public const string KeyPrefix = "classroom-gateway:";

    /// <summary>
    /// The app id as every key and channel names it: in lower case. Agora's app ids are hex, which the passthrough and the
    /// emulator take in either case, so instances of one app whose configurations spell it differently must share one
    /// cache, one poller's lease, one log and one trail: apart, each served what the other's writes made old.
    /// </summary>
    public static string AppInKeys(string appId) => appId.ToLowerInvariant();

    readonly Lazy<Task<ConnectionMultiplexer>>? _connection;
    readonly ILogger<RedisConnection> _logger;
    readonly GatewayMetrics _metrics;
    ConnectionMultiplexer? _connected;
    long _backOffUntil;
    long _failures;
    long _failingSince;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger, GatewayMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
        Timeout = TimeSpan.FromMilliseconds(options.Value.CommandTimeoutMilliseconds);
        if (!options.Value.IsConfigured)
        {
            return;
        }
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        // The gateway makes no synchronous call; the client does, on thread-pool threads, to ask the sentinels for the
        // primary while it follows a failover. Those stay short whatever the command timeout, so a failover cannot hold
        // the pool's threads for seconds.
        configuration.SyncTimeout = (int)Math.Min(Timeout.TotalMilliseconds, CommandTimeout.TotalMilliseconds);
        configuration.AsyncTimeout = (int)Timeout.TotalMilliseconds;
        configuration.ConnectRetry = 1;
        // While disconnected, fail at once rather than queue: callers fall back instead of waiting for a reconnect.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "classroom-gateway";
        // Every attempt, the first ones too: a Redis refusing the gateway's password would otherwise go unsaid.
        configuration.ConnectionAttemptCompleted += (_, attempt) =>
        {
            Attempted(attempt.IsSuccess, attempt.EndPoint, attempt.FailureType);
            if (attempt.IsSuccess && attempt.EndPoint is { } endPoint && Volatile.Read(ref _connected) is { } connected)
            {
                _ = CheckEvictionAsync(connected, endPoint);
            }
        };
        _connection = new Lazy<Task<ConnectionMultiplexer>>(async () =>
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
            connection.ConnectionFailed += (_, _) => Failed();
            NoPrimaryNamed(connection, configuration.ServiceName);
            // The attempts made while connecting came before there was a multiplexer to ask with.
            Volatile.Write(ref _connected, connection);
            foreach (var endPoint in connection.GetEndPoints())
            {
                _ = CheckEvictionAsync(connection, endPoint);
            }
            return connection;
        });
    }

    public bool IsConfigured => _connection is not null;

    /// <summary>This instance's command timeout: <see cref="CommandTimeout"/> or the configured one.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The multiplexer (created on first use, connected or still trying), or null without Redis.</summary>
    public async ValueTask<IConnectionMultiplexer?> GetAsync() => _connection is null ? null : await _connection.Value;

    /// <summary>Whether Redis answers now; false without Redis.</summary>
    public bool IsConnected => _connection is { IsValueCreated: true } && _connection.Value.IsCompletedSuccessfully
        && _connection.Value.Result.IsConnected;

    /// <summary>
    /// Lost connections and failed commands so far: whoever saw the same count before and after something knows Redis
    /// answered all along, and that no connection was lost (and no message missed) in between.
    /// </summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// When Redis stopped answering this instance (<see cref="Environment.TickCount64"/> of the first failure since its
    /// last answer); null while it answers.
    /// </summary>
    public long? FailingSince => Interlocked.Read(ref _failingSince) is var since and > 0 ? since : null;

    /// <summary>
    /// Why the last attempt to connect failed (<c>AuthenticationFailure</c>, <c>UnableToConnect</c>, …), or null once one
    /// succeeded: the kind alone, never the text, which can quote the configuration.
    /// </summary>
    public string? ConnectFailure => _connectFailures.Kind;

    /// <summary>
    /// Why no data node can ever be reached through the configuration, when the sentinels it lists answer but name no
    /// primary for its <c>serviceName</c> (or it names none); else null. It names no sentinel, as readiness says it to
    /// anyone: the log names them.
    /// </summary>
    public string? Misconfiguration => Volatile.Read(ref _misconfiguration);

    string? _misconfiguration;

    /// <summary>
    /// Every node the client found is a sentinel once it has connected: the sentinels answered and named no primary for
    /// the service (a misspelled <c>serviceName</c>, or none at all). The client then takes the sentinels for data nodes
    /// and fails each attempt as a protocol failure, for good, which would say nothing of the cause.
    /// </summary>
    void NoPrimaryNamed(ConnectionMultiplexer connection, string? serviceName)
    {
        var endPoints = connection.GetEndPoints();
        if (endPoints.Length == 0 || !endPoints.All(endPoint => connection.GetServer(endPoint).ServerType == ServerType.Sentinel))
        {
            return;
        }
        var said = serviceName is null
            ? "Redis:Configuration lists sentinels but names no serviceName: add serviceName=<the name the sentinels monitor>"
            : $"The sentinels of Redis:Configuration name no primary for serviceName {serviceName}: it must name a service they monitor";
        Volatile.Write(ref _misconfiguration, said);
        LogMisconfigured(_logger, said, string.Join(", ", endPoints.Select(endPoint => endPoint.ToString())));
    }

    readonly FailureLogThrottle _connectFailures = new();
    readonly FailureLogThrottle _refusals = new();

    /// <summary>Logs a failed attempt to connect as <see cref="FailureLogThrottle"/> lets it: the client tries again every few seconds.</summary>
    void Attempted(bool succeeded, System.Net.EndPoint? endPoint, ConnectionFailureType failureType)
    {
        if (succeeded)
        {
            _connectFailures.Clear();
            return;
        }
        var failure = failureType.ToString();
        if (_connectFailures.ShouldLog(failure))
        {
            LogConnectFailed(_logger, endPoint?.ToString() ?? "?", failure);
        }
    }

    void Failed()
    {
        Interlocked.Increment(ref _failures);
        NotAnswering();
    }

    void NotAnswering() => Interlocked.CompareExchange(ref _failingSince, Environment.TickCount64, 0);

    void Answered()
    {
        if (Interlocked.Read(ref _failingSince) != 0)
        {
            Interlocked.Exchange(ref _failingSince, 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> when Redis is configured and connected now, bounded by <see cref="Timeout"/>.
    /// Not configured, not connected, backing off after an outage, out of reach, too slow, refused, or the connection
    /// disposed while the instance stops: not done, and the caller falls back. A refusal is logged at Error and counted:
    /// Redis answered, so falling back hides a fault that will not go away by itself.
    /// Never waits for a connection: the first connection attempt is started by <see cref="ConnectRedisOnStart"/>.
    /// </summary>
    public async Task<RedisAttempt<T>> TryAsync<T>(Func<IDatabase, Task<T>> command)
    {
        if (_connection is not { Value: { IsCompletedSuccessfully: true } connecting } || !connecting.Result.IsConnected
            || Environment.TickCount64 < Interlocked.Read(ref _backOffUntil))
        {
            // Not answering, whether it never did (down since the start) or stopped (backing off after a failure).
            NotAnswering();
            return default;
        }
        try
        {
            var answer = await command(connecting.Result.GetDatabase()).WaitAsync(Timeout);
            Answered();
            return new RedisAttempt<T>(true, answer);
        }
        catch (Exception e) when (RedisFailures.IsOutage(e))
        {
            Failed();
            // Wall-clock ticks, not the TimeProvider: this paces a network client, like the client's own timeouts.
            Interlocked.Exchange(ref _backOffUntil, Environment.TickCount64 + (long)FailureBackOff.TotalMilliseconds);
            LogBackingOff(_logger, e.GetType().Name, FailureBackOff.TotalSeconds);
            return default;
        }
        catch (Exception e) when (RedisFailures.IsRefusal(e))
        {
            Failed();
            Refused(e);
            return default;
        }
        catch (ObjectDisposedException)
        {
            // The instance is shutting down and its connection went first: not a Redis failure, and nothing to wait for.
            return default;
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/>, bounded by <see cref="Timeout"/>, waiting for the first connection attempt if it
    /// is still under way: for callers that must know what happened rather than fall back (the event log).
    /// </summary>
    /// <exception cref="RedisUnavailableException">Redis is out of reach, too slow, or not configured.</exception>
    /// <remarks>A refusal or any other failure is thrown as it is, for the caller to log and count.</remarks>
    public async Task<T> RunAsync<T>(Func<IConnectionMultiplexer, Task<T>> command)
    {
        var connection = await GetAsync() ?? throw new RedisUnavailableException(new InvalidOperationException("Redis is not configured."));
        try
        {
            var answer = await command(connection).WaitAsync(Timeout);
            Answered();
            return answer;
        }
        catch (Exception e) when (RedisFailures.IsOutage(e))
        {
            Failed();
            throw new RedisUnavailableException(e);
        }
        catch (Exception e) when (RedisFailures.IsRefusal(e))
        {
            Failed();
            throw;
        }
    }

    /// <summary>
    /// Counts every refusal; logs it as <see cref="FailureLogThrottle"/> lets it, since a Redis that refuses (out of memory,
    /// say) refuses every request's command, and the requests are served without it.
    /// </summary>
    void Refused(Exception e)
    {
        var kind = RedisFailures.KindOf(e);
        _metrics.RedisRefused(kind);
        if (_refusals.ShouldLog(kind))
        {
            LogRefused(_logger, kind);
        }
    }

    /// <summary>The Redis servers, and the policy, already warned of: once each, not at every reconnection.</summary>
    readonly ConcurrentDictionary<string, byte> _evictionWarned = new(StringComparer.Ordinal);

    /// <summary>The node's <c>maxmemory-policy</c>, from <c>INFO memory</c>.</summary>
    const string PolicyScript = "return string.match(redis.call('INFO', 'memory'), 'maxmemory_policy:(%S+)')";

    /// <summary>
    /// Warns when a Redis data node evicts keys when it is full (any <c>maxmemory-policy</c> but <c>noeviction</c>): the
    /// event log, the audit trail and the sorted sets beside them have no expiry and go whole under an <c>allkeys-*</c>
    /// policy, and a kick's ban, a room's generation or a lease goes early under a <c>volatile-*</c> one, where
    /// <c>noeviction</c> refuses the writes, which the gateway holds and makes again (docs/caching.md). Asked with
    /// <c>INFO memory</c> after every connection to a node; a node that does not answer it (a sentinel, <c>INFO</c> renamed
    /// away) is not warned of.
    /// </summary>
    async Task CheckEvictionAsync(ConnectionMultiplexer connection, System.Net.EndPoint endPoint)
    {
        try
        {
            var server = connection.GetServer(endPoint);
            if (server.ServerType == ServerType.Sentinel)
            {
                return;
            }
            // INFO through a script, as the appends ask for the run id: the client keeps INFO itself for its admin mode.
            var policy = (string?)await server.ExecuteAsync("EVAL", PolicyScript, 0).WaitAsync(Timeout);
            if (policy is not null and not "noeviction" && _evictionWarned.TryAdd($"{endPoint} {policy}", 0))
            {
                LogEvicting(_logger, endPoint.ToString() ?? "?", policy);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or ArgumentException)
        {
            // Unknown (a node the multiplexer no longer knows, or one stopping): no warning.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {EndPoint} evicts keys when full (maxmemory-policy {Policy}): the event log, the audit trail and the kicks can be lost; run it with maxmemory-policy noeviction")]
    static partial void LogEvicting(ILogger logger, string endPoint, string policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Redis command failed ({ExceptionType}); serving without Redis for {Seconds} s")]
    static partial void LogBackingOff(ILogger logger, string exceptionType, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to Redis at {EndPoint} failed ({Failure}); serving without Redis meanwhile")]
    static partial void LogConnectFailed(ILogger logger, string endPoint, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Misconfiguration} (the sentinels {Sentinels}); serving without Redis")]
    static partial void LogMisconfigured(ILogger logger, string misconfiguration, string sentinels);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis refused a command ({Kind}); served without Redis")]
    static partial void LogRefused(ILogger logger, string kind);

    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsValueCreated: true })
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}
