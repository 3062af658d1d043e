using System.Threading.Channels;
using Gateway.Telemetry;

namespace Gateway.Audit;

/// <summary>
/// Audit entries waiting for <see cref="AuditWriter"/>: a request only adds its entry here, which never waits, so the
/// trail's storage never slows or fails the call it records. Past <see cref="Capacity"/> waiting entries (storage down
/// for long) new ones are dropped and counted (<c>gateway.audit.dropped</c>).
/// </summary>
public sealed class AuditQueue
{
    public const int DefaultCapacity = 10_000;

    readonly Channel<AuditEntry> _channel;

    public AuditQueue(GatewayMetrics metrics, int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        _channel = Channel.CreateBounded<AuditEntry>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => metrics.AuditDropped());
    }

    public int Capacity { get; }

    public ChannelReader<AuditEntry> Reader => _channel.Reader;

    public void Add(AuditEntry entry) => _channel.Writer.TryWrite(entry);
}
