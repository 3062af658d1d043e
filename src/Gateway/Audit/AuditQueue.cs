using System.Threading.Channels;
using Gateway.Telemetry;

namespace Gateway.Audit;

/// <summary>
/// Audit entries waiting for <see cref="AuditWriter"/>: a request only adds its entry here, which never waits, so the
/// trail's storage never slows or fails the call it records. Past <see cref="Capacity"/> waiting entries (storage down
/// for long) new ones are dropped and counted (<c>gateway.audit.dropped</c>), and the first drop since the queue last had
/// room is logged at Error: the writer's own lines say only that writing fails, not that entries are now being lost.
/// </summary>
public sealed partial class AuditQueue
{
    public const int DefaultCapacity = 10_000;

    readonly Channel<AuditEntry> _channel;
    readonly ILogger<AuditQueue> _logger;

    /// <summary>1 from a drop until an entry finds room again: one line for each time the queue overflows, not one per entry.</summary>
    int _dropping;

    public AuditQueue(GatewayMetrics metrics, ILogger<AuditQueue> logger, int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        _logger = logger;
        _channel = Channel.CreateBounded<AuditEntry>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Dropped(metrics));
    }

    public int Capacity { get; }

    public ChannelReader<AuditEntry> Reader => _channel.Reader;

    public void Add(AuditEntry entry)
    {
        if (Volatile.Read(ref _dropping) == 1 && _channel.Reader.Count < Capacity)
        {
            Volatile.Write(ref _dropping, 0);
        }
        _channel.Writer.TryWrite(entry);
    }

    void Dropped(GatewayMetrics metrics)
    {
        metrics.AuditDropped();
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            LogDropping(_logger, Capacity);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit queue holds {Capacity} entries not yet written: new entries are dropped, and counted in gateway.audit.dropped, until the writer stores what waits")]
    static partial void LogDropping(ILogger logger, int capacity);
}
