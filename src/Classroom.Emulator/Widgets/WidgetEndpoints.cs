using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Widgets;

/// <summary>
/// Widgets: their room properties, their users' properties, and their events. The quiz (<c>popupQuiz</c>) and the poll
/// (<c>poll</c>) are widgets like any other, so their event paths are this one's.
/// </summary>
static class WidgetEndpoints
{
    public static RouteGroupBuilder MapWidgets(this RouteGroupBuilder group)
    {
        group.MapGet("/v2/rooms/{roomUuid}/widgets/{widgetUuid}/sequences", Events);
        group.MapPut("/v2/rooms/{roomUuid}/widgets/{widgetUuid}", Set);
        group.MapDelete("/v2/rooms/{roomUuid}/widgets/{widgetUuid}", Delete);
        group.MapDelete("/v2/rooms/{roomUuid}/widgets/{widgetUuid}/extra", DeleteExtra);
        group.MapPut("/v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}", SetUser);
        group.MapDelete("/v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}", DeleteUser);
        return group;
    }

    /// <summary>The widget's cmd 1110 events from sequence <c>nextId</c> on, <c>count</c> (1 to 100, default 100) at most.</summary>
    static Results<Ok<AgoraEnvelope<EventPage>>, JsonHttpResult<AgoraError>> Events(
        string roomUuid, string widgetUuid, string? nextId, string? count, ClassroomStore store)
    {
        Outcome<EventPage> outcome = !EventEndpoints.TryParseOptional(nextId, out var from)
            ? AgoraFailure.BadParameter("nextId must be a sequence number: decimal digits, no leading zero")
            : !EventEndpoints.TryParseOptional(count, out var size) || size is < 1 or > Paging.PageSize
                ? AgoraFailure.BadParameter($"count must be from 1 to {Paging.PageSize}, without a leading zero")
                : store.InRoom(roomUuid, (room, _) =>
                    Outcome.Of(room.Events.Page(from, e => e.Cmd == EventCmd.WidgetChanged && IsOf(e, widgetUuid), size ?? Paging.PageSize)));
        return outcome.ToResult(store.Time);
    }

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Set(
        string roomUuid, string widgetUuid, JsonBody<SetWidgetRequest> body, ClassroomStore store) =>
        body.Then(WidgetRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Widgets.Set(widgetUuid, value))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> Delete(
        string roomUuid, string widgetUuid, JsonBody<DeleteWidgetRequest> body, ClassroomStore store) =>
        body.Then(WidgetRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Widgets.Delete(widgetUuid, value.Cause))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> DeleteExtra(
        string roomUuid, string widgetUuid, JsonBody<DeleteWidgetPropertiesRequest> body, ClassroomStore store) =>
        body.Then(WidgetRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Widgets.DeleteExtra(widgetUuid, value))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> SetUser(
        string roomUuid, string widgetUuid, string userUuid, JsonBody<SetWidgetUserRequest> body, ClassroomStore store) =>
        body.Then(WidgetRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Widgets.SetUser(widgetUuid, userUuid, value))).ToResult(store.Time);

    static Results<Ok<AgoraEnvelope<NoData>>, JsonHttpResult<AgoraError>> DeleteUser(
        string roomUuid, string widgetUuid, string userUuid, JsonBody<DeleteWidgetPropertiesRequest> body, ClassroomStore store) =>
        body.Then(WidgetRules.Validate, value => store.InRoom(roomUuid, (room, _) => room.Widgets.DeleteUser(widgetUuid, userUuid, value))).ToResult(store.Time);

    static bool IsOf(AgoraEvent widgetEvent, string widgetUuid) =>
        widgetEvent.Data.TryGetProperty("widgetUuid", out var uuid) && uuid.GetString() == widgetUuid;
}
