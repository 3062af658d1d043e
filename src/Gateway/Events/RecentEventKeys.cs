using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Gateway.Events;

/// <summary>
/// The events appended lately, so that a retried or late append never duplicates. Agora hands each event out once, so
/// an event can only come twice as the same receipt stored again: the poller's retry after a reply it did not get, or
/// its late append once another instance took the lease. An event is known by its room, its sequence and a random id
/// given to it as it is taken from Agora, which every retry of it carries. Not by what it says: Agora restarts a room's
/// sequence when a destroyed room's id is used again, and the new room's events may say what the old ones said (a
/// property change carries no time). Kept for <see cref="EventsOptions.DedupeWindow"/>, which bounds how late an
/// append may come and still be recognised, and, given a <paramref name="capacity"/>, only the newest that many.
/// </summary>
sealed class RecentEventKeys(TimeProvider time, TimeSpan window, int capacity = int.MaxValue)
{
    /// <summary>The key of each event in hand, its receipt drawn once: kept for as long as the event is, for this log and Redis's alike.</summary>
    static readonly ConditionalWeakTable<AgoraEvent, string> Keys = [];

    readonly Dictionary<string, DateTimeOffset> _seenAt = new(StringComparer.Ordinal);
    readonly Queue<(string Key, DateTimeOffset At)> _order = new();

    /// <summary>The dedupe key of an event, the same string every time it is asked for; room ids cannot hold a line feed.</summary>
    public static string KeyOf(AgoraEvent e) => Keys.GetValue(e, static e => $"{e.RoomUuid}\n{e.Sequence}\n{Guid.NewGuid():N}");

    /// <summary>
    /// What an event says: its room, command, sequence, version and data, as a digest. An event appended again after
    /// Redis lost it (<see cref="Redis.AppendsAfterFailover"/>) says the same under a new cursor, and is the same receipt.
    /// </summary>
    public static string ContentOf(AgoraEvent e) => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(e, AgoraJson.Stored)));

    public bool TryAdd(AgoraEvent e) => TryAdd(KeyOf(e));

    /// <summary>How many keys are remembered.</summary>
    public int Count => _seenAt.Count;

    /// <summary>Whether <paramref name="key"/> is new within the window, noting it if so.</summary>
    public bool TryAdd(string key)
    {
        var now = time.GetUtcNow();
        while (_order.TryPeek(out var oldest) && (now - oldest.At > window || _order.Count >= capacity))
        {
            _order.Dequeue();
            _seenAt.Remove(oldest.Key);
        }
        if (!_seenAt.TryAdd(key, now))
        {
            return false;
        }
        _order.Enqueue((key, now));
        return true;
    }
}
