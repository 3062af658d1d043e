namespace Gateway.Events;

/// <summary>
/// The room streams open on this instance, in all and per user, kept within <see cref="EventsOptions.MaxStreamsPerInstance"/>
/// and <see cref="EventsOptions.MaxStreamsPerUser"/>. Counted per instance, in memory: a count shared through Redis would
/// cost every open stream a Redis call to keep its place alive, and would outlive the streams of an instance that died.
/// The gauge of open streams moves under the same lock, so it never reads a place given back as still held.
/// </summary>
public sealed class StreamLimits(IOptions<EventsOptions> options, Telemetry.GatewayMetrics metrics)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    int _open;

    /// <summary>A place for one more stream of <paramref name="userId"/>, given back when disposed; null with the reason when full.</summary>
    public IDisposable? TryOpen(string userId, out string? refusal)
    {
        lock (_gate)
        {
            var ofUser = _perUser.GetValueOrDefault(userId);
            refusal = _open >= options.Value.MaxStreamsPerInstance
                ? $"This instance serves at most {options.Value.MaxStreamsPerInstance} streams; try again shortly."
                : ofUser >= options.Value.MaxStreamsPerUser
                    ? $"At most {options.Value.MaxStreamsPerUser} streams per user; close one first."
                    : null;
            if (refusal is not null)
            {
                return null;
            }
            _perUser[userId] = ofUser + 1;
            _open++;
            metrics.StreamOpened();
        }
        return new Place(this, userId);
    }

    void Close(string userId)
    {
        lock (_gate)
        {
            _open--;
            if (--_perUser[userId] == 0)
            {
                _perUser.Remove(userId);
            }
            metrics.StreamClosed();
        }
    }

    sealed class Place(StreamLimits limits, string userId) : IDisposable
    {
        int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                limits.Close(userId);
            }
        }
    }
}
