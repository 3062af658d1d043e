namespace Gateway.Events;

/// <summary>
/// The one reader of the shared log on this instance: it follows the log from where it stood when the instance
/// started and hands each event, formatted once (<see cref="EventFrames"/>), to the open streams of its room
/// (<see cref="RoomSubscription"/>), so that an open stream costs no read and no formatting of its own. While the log
/// cannot be read, streams stay open and idle; they receive what was appended meanwhile once it can.
/// </summary>
public sealed class RoomEventHub(IEventLog log, EventFrames frames, TimeProvider time, Telemetry.LoopFailures failures,
    Telemetry.GatewayMetrics metrics, IHostApplicationLifetime lifetime)
    : EventLogFollower(log, time, failures, "room-event-hub")
{
    protected override int PageSize => 500;

    /// <summary>
    /// What the hub handed out lately: an event appended again after Redis lost it (a failover, a restart without
    /// persistence; <see cref="Redis.AppendsAfterFailover"/>) comes under a new cursor, and is not handed out twice.
    /// </summary>
    readonly RecentEventKeys _handedOut = new(time, 2 * Redis.AppendsAfterFailover.Keep);

    readonly Lock _gate = new();
    readonly Dictionary<string, HashSet<RoomSubscription>> _rooms = new(StringComparer.Ordinal);
    EventCursor? _position;
    bool _stopped;

    /// <summary>
    /// A new stream of <paramref name="roomUuid"/>'s events appended after the hub's position, or null while the hub has
    /// no position yet (the log has not been reachable since the instance started).
    /// </summary>
    public RoomSubscription? Subscribe(string roomUuid)
    {
        lock (_gate)
        {
            if (_position is not { } position || _stopped)
            {
                return null;
            }
            var subscription = new RoomSubscription(roomUuid, position, this);
            if (!_rooms.TryGetValue(roomUuid, out var listeners))
            {
                _rooms[roomUuid] = listeners = [];
            }
            listeners.Add(subscription);
            return subscription;
        }
    }

    internal void Leave(RoomSubscription subscription)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(subscription.RoomUuid, out var listeners) && listeners.Remove(subscription) && listeners.Count == 0)
            {
                _rooms.Remove(subscription.RoomUuid);
            }
        }
    }

    protected override void OnStart(EventCursor from)
    {
        lock (_gate)
        {
            _position = from;
        }
    }

    /// <summary>
    /// An event is formatted only when its room has a stream here; a room that gained its first stream meanwhile has it
    /// formatted then. A page that missed events has every open stream told first (<see cref="TellMissed"/>).
    /// </summary>
    protected override async Task OnPageAsync(EventLogPage page, CancellationToken stoppingToken)
    {
        if (page.Missed)
        {
            TellMissed(await EventFrames.MissedByTheHub);
        }
        foreach (var logged in page.Events)
        {
            var handedOut = !_handedOut.TryAdd(RecentEventKeys.ContentOf(logged.Event));
            for (EventFrame? frame = null; !TryDispatch(logged, frame, handedOut);)
            {
                frame = await frames.FormatAsync(logged);
            }
        }
        // An empty page leads back to the log's end from a place the log lost (ahead of the clock that numbers what comes
        // next): a stream opened from there would pass over every event before it as sent.
        lock (_gate)
        {
            _position = page.Next;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Streams end as the instance starts to stop, before the web server waits for its requests to finish: an open
        // stream would hold it until the host's shutdown timeout, which then cuts it off, and the poller's lease with it.
        using var stopping = lifetime.ApplicationStopping.Register(EndAll);
        try
        {
            await base.ExecuteAsync(stoppingToken);
        }
        finally
        {
            EndAll();
        }
    }

    /// <summary>
    /// Hands <paramref name="logged"/>, as <paramref name="frame"/>, to the streams of its room and moves the hub past it
    /// (only past it when it was <paramref name="handedOut"/> already); false, and nothing done, when the room has streams
    /// and the event is not formatted yet. Under the lock that subscribing takes, so a new stream gets exactly the events
    /// after the position it was given.
    /// </summary>
    bool TryDispatch(LoggedEvent logged, EventFrame? frame, bool handedOut)
    {
        List<RoomSubscription>? tooSlow = null;
        lock (_gate)
        {
            if (!handedOut && _rooms.TryGetValue(logged.Event.RoomUuid, out var listeners))
            {
                if (frame is null)
                {
                    return false;
                }
                Offer(listeners, frame, ref tooSlow);
            }
            _position = logged.Cursor;
        }
        Drop(tooSlow);
        return true;
    }

    /// <summary>
    /// The hub missed events (<see cref="EventLogPage.Missed"/>): every open stream is told, before the page's events, whatever
    /// its room, since the hub cannot know whose events they were. A stream still catching up from the log may have read
    /// them there, and is told all the same: a client told it may have missed events reads the room's state again, one not
    /// told of events it missed never does.
    /// </summary>
    void TellMissed(EventFrame missed)
    {
        List<RoomSubscription>? tooSlow = null;
        lock (_gate)
        {
            foreach (var listeners in _rooms.Values)
            {
                Offer(listeners, missed, ref tooSlow);
            }
        }
        Drop(tooSlow);
    }

    static void Offer(HashSet<RoomSubscription> listeners, EventFrame frame, ref List<RoomSubscription>? tooSlow)
    {
        foreach (var subscription in listeners)
        {
            if (!subscription.Offer(frame))
            {
                (tooSlow ??= []).Add(subscription);
            }
        }
    }

    /// <summary>Streams whose clients fell too far behind are cut off, outside the lock.</summary>
    void Drop(List<RoomSubscription>? tooSlow)
    {
        foreach (var dropped in tooSlow ?? [])
        {
            // The stream's own line says it, in its request's scope (RoomEventStream).
            metrics.StreamDropped();
            dropped.Dispose();
        }
    }

    void EndAll()
    {
        lock (_gate)
        {
            _stopped = true;
            foreach (var subscription in _rooms.Values.SelectMany(s => s))
            {
                subscription.End();
            }
            _rooms.Clear();
        }
    }
}
