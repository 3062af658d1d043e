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

    /// <summary>
    /// How long a stream that must end (cut off, or its instance stops) is given to send what it holds, which a client
    /// that reads takes in long before, until a send still pending is given up and the connection aborted.
    /// </summary>
    public static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    readonly Channel<EventFrame> _events = Channel.CreateBounded<EventFrame>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }); // the hub and the stream's timer write
    readonly RoomEventHub _hub;
    readonly CancellationTokenSource _ended = new();
    int _ending = -1;

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

    /// <summary>
    /// Cancelled <see cref="DrainTime"/> after the stream was told to end — cut off, or the instance stops — and at once when
    /// its sign-in ends, so that a send its client is not taking in is given up rather than waited for.
    /// </summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the stream was told to end, by the first that told it; null while nothing has.</summary>
    public RoomStreamEnd? Ending => Volatile.Read(ref _ending) is var ending and >= 0 ? (RoomStreamEnd)ending : null;

    void EndFor(RoomStreamEnd why) => Interlocked.CompareExchange(ref _ending, (int)why, -1);

    /// <summary>Hands an event to the stream; false, and the stream ends, when its client is too far behind.</summary>
    internal bool Offer(EventFrame frame)
    {
        if (_events.Writer.TryWrite(frame))
        {
            return true;
        }
        EndFor(RoomStreamEnd.FellBehind);
        EndNow();
        return false;
    }

    /// <summary>
    /// Wakes the stream's wait for events without an event (its heartbeat or its end is due): a frame at the log's start,
    /// which the stream has always sent already. Nothing if the buffer is full: the stream is awake then anyway.
    /// </summary>
    internal void Wake() => _events.Writer.TryWrite(Nudge);

    static readonly EventFrame Nudge = new(EventCursor.Start, [], []);

    /// <summary>Ends the stream after what it holds: the instance stops.</summary>
    internal void End()
    {
        EndFor(RoomStreamEnd.InstanceStopping);
        EndNow();
    }

    /// <summary>The sign-in behind the stream ended: it takes nothing more, and a send still pending is given up at once.</summary>
    public void Expire()
    {
        EndFor(RoomStreamEnd.SignInExpired);
        _events.Writer.TryComplete();
        _ended.Cancel();
    }

    /// <summary>The stream takes nothing more, and has <see cref="DrainTime"/> to send what it holds.</summary>
    void EndNow()
    {
        if (_events.Writer.TryComplete())
        {
            _ended.CancelAfter(DrainTime);
        }
    }

    /// <summary>Leaves the hub, and ends a wait for events still pending (the stream ended for its sign-in's end).</summary>
    public void Dispose()
    {
        _hub.Leave(this);
        _events.Writer.TryComplete();
    }
}
