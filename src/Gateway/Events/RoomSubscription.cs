using System.Threading.Channels;

namespace Gateway.Events;

/// <summary>
/// One open stream's share of the events that <see cref="RoomEventHub"/> reads: those of its room appended after
/// <see cref="From"/>, in order and formatted, in a bounded buffer. A stream whose client falls <see cref="Capacity"/>
/// events behind is cut off rather than buffered without bound; its client reconnects with <c>Last-Event-ID</c> and
/// catches up from the log.
/// </summary>
public sealed class RoomSubscription : IDisposable
{
    public const int Capacity = 1000;

    readonly Channel<EventFrame> _events = Channel.CreateBounded<EventFrame>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }); // the hub and the stream's timer write
    readonly RoomEventHub _hub;

    internal RoomSubscription(string roomUuid, EventCursor from, RoomEventHub hub)
    {
        RoomUuid = roomUuid;
        From = from;
        _hub = hub;
    }

    public string RoomUuid { get; }

    /// <summary>Where the hub stood when the stream joined: every later event of the room comes through <see cref="Events"/>.</summary>
    public EventCursor From { get; }

    public ChannelReader<EventFrame> Events => _events.Reader;

    /// <summary>Hands an event to the stream; false, and the stream ends, when its client is too far behind.</summary>
    internal bool Offer(EventFrame frame)
    {
        if (_events.Writer.TryWrite(frame))
        {
            return true;
        }
        _events.Writer.TryComplete();
        return false;
    }

    /// <summary>
    /// Wakes the stream's wait for events without an event (its heartbeat or its end is due): a frame at the log's start,
    /// which the stream has always sent already. Nothing if the buffer is full: the stream is awake then anyway.
    /// </summary>
    internal void Wake() => _events.Writer.TryWrite(Nudge);

    static readonly EventFrame Nudge = new(EventCursor.Start, []);

    /// <summary>Ends the stream after what it holds: the instance stops.</summary>
    internal void End() => _events.Writer.TryComplete();

    /// <summary>Leaves the hub, and ends a wait for events still pending (the stream ended for its sign-in's end).</summary>
    public void Dispose()
    {
        _hub.Leave(this);
        _events.Writer.TryComplete();
    }
}
