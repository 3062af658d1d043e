using Classroom.Agora.Models;
using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.OpenApi;
using Gateway.Problems;
using Gateway.Upstream;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Widgets;

/// <summary>
/// A classroom's widgets (the quiz, the poll, any other): teachers, assistants and admins read their events and keep their
/// room properties and their users' properties.
/// </summary>
public static class WidgetsEndpoints
{
    public const string Quiz = "popupQuiz";
    public const string Poll = "poll";

    public static RouteGroupBuilder MapWidgets(this RouteGroupBuilder room)
    {
        var widgets = room.MapGroup("/widgets").RequireAuthorization(GatewayPolicies.Staff).WithTags("Widgets");
        MapNamedSequences(widgets, Quiz, "QueryQuizSequences", "the quiz");
        MapNamedSequences(widgets, Poll, "QueryPollSequences", "the poll");
        widgets.MapGet("/{widgetUuid}/sequences", QuerySequences)
            .WithName("QueryWidgetSequences").WithSummary("Read one widget's events, `count` (1 to 100) a page")
            .WithDescription("Agora's `GET /v2/rooms/{roomUuid}/widgets/{widgetUuid}/sequences`: the widget's cmd 1110 events. A null `nextId` marks the last page.")
            .ProducesAgora<EventPage>().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        widgets.MapPut("/{widgetUuid}", SetWidget)
            .WithName("SetWidget").WithSummary("Set a widget's room properties, state (0 closed, 1 open) or owner")
            .WithDescription("Agora's `PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}`: `extra` (keys may be dotted paths), `state`, `ownerUserUuid` "
                + "(the widget goes when its owner goes offline), at least one of them: an empty `extra` sets nothing, and counts only beside "
                + "another. The widget shows in `roomProperties.widgets` of the query classroom and each change as a cmd 1110 event.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        widgets.MapDelete("/{widgetUuid}", DeleteWidget)
            .WithName("DeleteWidget").WithSummary("Delete a widget")
            .WithDescription("Agora's `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}`; the body, optional, carries only a `cause`.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        widgets.MapDelete("/{widgetUuid}/extra", DeleteWidgetProperties)
            .WithName("DeleteWidgetProperties").WithSummary("Delete some of a widget's room properties")
            .WithDescription("Agora's `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/extra`: `extra` lists the keys or dotted paths, at most 100.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        widgets.MapPut("/{widgetUuid}/users/{userUuid}", SetWidgetUser)
            .WithName("SetWidgetUserProperties").WithSummary("Set a user's properties of a widget")
            .WithDescription("Agora's `PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}`: `extra`, at most 100 keys. They show "
                + "in the query user under `userProperties.widgets.{widgetUuid}`.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        widgets.MapDelete("/{widgetUuid}/users/{userUuid}", DeleteWidgetUser)
            .WithName("DeleteWidgetUserProperties").WithSummary("Delete some of a user's properties of a widget")
            .WithDescription("Agora's `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}`: `extra` lists the keys or dotted paths, at most 100.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        return room;
    }

    /// <summary>
    /// The quiz's and the poll's data, which Agora documents as operations of their own. Routing matches a literal segment
    /// in any case, so <c>widgets/Poll/sequences</c> comes here too; ids are case-sensitive, and it names the widget
    /// <c>Poll</c>, not the poll: the widget is asked for as the path spells it.
    /// </summary>
    static void MapNamedSequences(RouteGroupBuilder widgets, string widgetUuid, string name, string what) =>
        widgets.MapGet($"/{widgetUuid}/sequences", (string roomUuid, [FromQuery] string? nextId, [FromQuery] string? count, HttpContext context,
                AgoraUpstream upstream) => QuerySequences(roomUuid, SpelledWidget(context.Request.Path), nextId, count, upstream))
            .WithName(name).WithSummary($"Read {what}'s data: its events, `count` (1 to 100) a page")
            .WithDescription($"Agora's `GET /v2/rooms/{{roomUuid}}/widgets/{widgetUuid}/sequences`: {what} widget's cmd 1110 events. A null `nextId` marks the last page.")
            .ProducesAgora<EventPage>().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);

    /// <summary>The widget segment of <c>…/widgets/{widget}/sequences</c> as the request spells it (decoded, as routing matched it).</summary>
    static string SpelledWidget(PathString path) => path.Value!.TrimEnd('/').Split('/')[^2];

    static string WidgetPath(this AgoraUpstream upstream, string roomUuid, string widgetUuid, params ReadOnlySpan<string> rest) =>
        upstream.AppPath("v2", ["rooms", roomUuid, "widgets", widgetUuid, .. rest]);

    static Results<ForwardResult, ProblemHttpResult> QuerySequences(string roomUuid, string widgetUuid, [FromQuery] string? nextId,
        [FromQuery] string? count, AgoraUpstream upstream) =>
        PageQuery.TryBuildEvents(nextId, cmd: null, count, out var query, out var errors)
            ? Forward.To(upstream.WidgetPath(roomUuid, widgetUuid, "sequences") + query)
            : GatewayProblems.Invalid(errors);

    static Results<ForwardResult, ProblemHttpResult> SetWidget(string roomUuid, string widgetUuid, AgoraBody<SetWidgetRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.WidgetPath(roomUuid, widgetUuid), body);

    static Results<ForwardResult, ProblemHttpResult> DeleteWidget(string roomUuid, string widgetUuid, AgoraBody<DeleteWidgetRequest> body,
        AgoraUpstream upstream) =>
        Forward.IfValid(upstream.WidgetPath(roomUuid, widgetUuid), body);

    static Results<ForwardResult, ProblemHttpResult> DeleteWidgetProperties(string roomUuid, string widgetUuid,
        AgoraBody<DeleteWidgetPropertiesRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.WidgetPath(roomUuid, widgetUuid, "extra"), body);

    static Results<ForwardResult, ProblemHttpResult> SetWidgetUser(string roomUuid, string widgetUuid, string userUuid,
        AgoraBody<SetWidgetUserRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.WidgetPath(roomUuid, widgetUuid, "users", userUuid), body);

    static Results<ForwardResult, ProblemHttpResult> DeleteWidgetUser(string roomUuid, string widgetUuid, string userUuid,
        AgoraBody<DeleteWidgetPropertiesRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.WidgetPath(roomUuid, widgetUuid, "users", userUuid), body);
}
