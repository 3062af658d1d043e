using Gateway.Forwarding;
using Gateway.Problems;
using Gateway.Identity;
using Gateway.Upstream;
using Microsoft.AspNetCore.Mvc;
using Gateway.OpenApi;

namespace Gateway.Events;

/// <summary>A classroom's event history as Agora keeps it, repeatable and paged. Teachers, assistants and admins.</summary>
public static class SequencesEndpoints
{
    public static RouteGroupBuilder MapSequences(this RouteGroupBuilder room)
    {
        room.MapGet("/sequences", QuerySequences).RequireAuthorization(GatewayPolicies.Staff)
            .WithTags("Events").WithName("QuerySequences").WithSummary("Query a classroom's events, 100 a page, optionally of one cmd")
            .WithDescription("Agora keeps a room's events until the classroom is destroyed; the query is repeatable. A null `nextId` marks the last page.")
            .ProducesAgora<EventPage>().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        return room;
    }

    static Results<ForwardResult, ProblemHttpResult> QuerySequences(string roomUuid, [FromQuery] string? nextId, [FromQuery] string? cmd,
        AgoraUpstream upstream) =>
        PageQuery.TryBuildEvents(nextId, cmd, count: null, out var query, out var errors)
            ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "sequences") + query)
            : GatewayProblems.Invalid(errors);
}
