using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Events;

/// <summary>A room's events in order; every change appends one with the next <c>sequence</c>. Used under the store's lock.</summary>
sealed class RoomEventLog(string roomUuid, Action<AgoraEvent> appended)
{
    public const int Version = 1;

    readonly List<AgoraEvent> _events = [];

    public void Append(int cmd, object data)
    {
        var appendedEvent = new AgoraEvent(roomUuid, cmd, _events.Count + 1, Version, JsonSerializer.SerializeToElement(data, AgoraJson.Answers));
        _events.Add(appendedEvent);
        appended(appendedEvent);
    }

    /// <summary>Events from sequence <paramref name="nextId"/> on, of one <paramref name="cmd"/> when given, at most a page.</summary>
    public EventPage Page(long? nextId, int? cmd) => Page(nextId, cmd is { } only ? e => e.Cmd == only : null, Paging.PageSize);

    /// <summary>The events that <paramref name="match"/> (all when null) from sequence <paramref name="nextId"/> on, at most <paramref name="size"/>.</summary>
    public EventPage Page(long? nextId, Func<AgoraEvent, bool>? match, int size)
    {
        var matching = match is null ? _events : _events.Where(match).ToList();
        var from = nextId is { } start ? matching.FindIndex(e => e.Sequence >= start) : 0;
        if (from < 0)
        {
            from = matching.Count;
        }
        var (page, nextStart) = Paging.Slice(matching, from, size);
        return new EventPage(matching.Count, page.Count, page, nextStart?.Sequence);
    }
}
