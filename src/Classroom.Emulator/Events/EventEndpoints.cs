using System.Globalization;
using Classroom.Agora.Models;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Events;

/// <summary>A room's event history (repeatable), and the app-wide queue that hands each event out once.</summary>
static class EventEndpoints
{
    public static RouteGroupBuilder MapRoomEvents(this RouteGroupBuilder group)
    {
        group.MapGet("/v2/rooms/{roomUuid}/sequences", Query);
        return group;
    }

    /// <summary>Under <c>/edu/polling/apps/{appId}</c>, Agora's own prefix for the queue.</summary>
    public static RouteGroupBuilder MapEventPolling(this RouteGroupBuilder group)
    {
        group.MapGet("/v2/rooms/sequences", Poll);
        return group;
    }

    static Results<Ok<AgoraEnvelope<EventPage>>, JsonHttpResult<AgoraError>> Query(string roomUuid, string? nextId, string? cmd, ClassroomStore store)
    {
        Outcome<EventPage> outcome = !TryParseOptional(nextId, out var from)
            ? AgoraFailure.BadParameter("nextId must be a sequence number")
            : !TryParseOptional(cmd, out var only)
                ? AgoraFailure.BadParameter("cmd must be an event command number")
                : store.InRoom(roomUuid, (room, _) => Outcome.Of(room.Events.Page(from, (int?)only)));
        return outcome.ToResult(store.Time);
    }

    static Ok<AgoraEnvelope<IReadOnlyList<AgoraEvent>>> Poll(ClassroomStore store) =>
        TypedResults.Ok(AgoraEnvelope<IReadOnlyList<AgoraEvent>>.Success(store.Poll(), store.Time.GetUtcNow()));

    /// <summary>An absent query value, or a plain decimal number within <see cref="int"/>.</summary>
    internal static bool TryParseOptional(string? text, out long? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed > int.MaxValue)
        {
            return false;
        }
        value = parsed;
        return true;
    }
}
