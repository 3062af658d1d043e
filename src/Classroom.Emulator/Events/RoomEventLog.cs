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
        var appendedEvent = new AgoraEvent(roomUuid, cmd, _events.Count + 1, Version, JsonSerializer.SerializeToElement(data, JsonSerializerOptions.Web));
        _events.Add(appendedEvent);
        appended(appendedEvent);
    }

    /// <summary>Events from sequence <paramref name="nextId"/> on, of one <paramref name="cmd"/> when given, at most a page.</summary>
    public EventPage Page(long? nextId, int? cmd)
    {
        var matching = cmd is { } only ? _events.Where(e => e.Cmd == only).ToList() : _events;
        var from = nextId is { } start ? matching.FindIndex(e => e.Sequence >= start) : 0;
        if (from < 0)
        {
            from = matching.Count;
        }
        var (page, nextStart) = Paging.Slice(matching, from);
        return new EventPage(matching.Count, page.Count, page, nextStart?.Sequence);
    }
}
