namespace Gateway.Events;

/// <summary>
/// The (room, sequence) pairs appended lately, so that a retried append never duplicates. Kept for a window,
/// not forever: Agora restarts a room's sequence when a destroyed room's id is used again, hours later.
/// </summary>
sealed class RecentEventKeys(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    readonly Dictionary<string, DateTimeOffset> _seenAt = new(StringComparer.Ordinal);
    readonly Queue<(string Key, DateTimeOffset At)> _order = new();

    /// <summary>The dedupe key of an event; room ids cannot hold a line feed.</summary>
    public static string KeyOf(AgoraEvent e) => $"{e.RoomUuid}\n{e.Sequence}";

    public bool TryAdd(AgoraEvent e)
    {
        var now = time.GetUtcNow();
        while (_order.TryPeek(out var oldest) && now - oldest.At > Window)
        {
            _order.Dequeue();
            _seenAt.Remove(oldest.Key);
        }
        var key = KeyOf(e);
        if (!_seenAt.TryAdd(key, now))
        {
            return false;
        }
        _order.Enqueue((key, now));
        return true;
    }
}
