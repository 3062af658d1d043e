using Classroom.Agora.Models;
using Classroom.Agora.Validation;
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
            ? AgoraFailure.BadParameter("nextId must be a sequence number: decimal digits, no leading zero")
            : !TryParseOptional(cmd, out var only)
                ? AgoraFailure.BadParameter("cmd must be an event command number: decimal digits, no leading zero")
                : store.InRoom(roomUuid, (room, _) => Outcome.Of(room.Events.Page(from, only)));
        return outcome.ToResult(store.Time);
    }

    static Ok<AgoraEnvelope<IReadOnlyList<AgoraEvent>>> Poll(ClassroomStore store) =>
        TypedResults.Ok(AgoraEnvelope<IReadOnlyList<AgoraEvent>>.Success(store.Poll(), store.Time.GetUtcNow()));

    /// <summary>
    /// An absent query value, or a number written as Agora writes it (<see cref="DecimalText"/>), as the <c>{state}</c>
    /// segments are read: <c>cmd=007</c> is 7 to one reader and an error to another, so it is refused, as the gateway refuses it.
    /// </summary>
    internal static bool TryParseOptional(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!DecimalText.TryParse(text, out var parsed))
        {
            return false;
        }
        value = parsed;
        return true;
    }
}
