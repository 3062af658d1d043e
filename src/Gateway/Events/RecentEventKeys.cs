using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Events;

/// <summary>
/// The events appended lately, so that a retried or late append never duplicates. An event is known by its room, its
/// sequence and a digest of what it says: Agora restarts a room's sequence when a destroyed room's id is used again,
/// and the new room's events then differ from the old ones of the same number. Kept for
/// <see cref="EventsOptions.DedupeWindow"/>, which bounds how late an append may come and still be recognised.
/// </summary>
sealed class RecentEventKeys(TimeProvider time, TimeSpan window)
{
    readonly Dictionary<string, DateTimeOffset> _seenAt = new(StringComparer.Ordinal);
    readonly Queue<(string Key, DateTimeOffset At)> _order = new();

    /// <summary>The dedupe key of an event, for this log and Redis's alike; room ids cannot hold a line feed.</summary>
    public static string KeyOf(AgoraEvent e, string json) =>
        $"{e.RoomUuid}\n{e.Sequence}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 8))}";

    public bool TryAdd(AgoraEvent e)
    {
        var now = time.GetUtcNow();
        while (_order.TryPeek(out var oldest) && now - oldest.At > window)
        {
            _order.Dequeue();
            _seenAt.Remove(oldest.Key);
        }
        var key = KeyOf(e, JsonSerializer.Serialize(e));
        if (!_seenAt.TryAdd(key, now))
        {
            return false;
        }
        _order.Enqueue((key, now));
        return true;
    }
}
