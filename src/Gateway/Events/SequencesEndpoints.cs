using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.Upstream;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Events;

/// <summary>A classroom's event history as Agora keeps it, repeatable and paged. Teachers and admins.</summary>
public static class SequencesEndpoints
{
    public static RouteGroupBuilder MapSequences(this RouteGroupBuilder room)
    {
        room.MapGet("/sequences", QuerySequences).RequireAuthorization(GatewayPolicies.Teacher)
            .WithTags("Events").WithName("QuerySequences").WithSummary("Query a classroom's events, 100 a page, optionally of one cmd");
        return room;
    }

    static Results<ForwardResult, ProblemHttpResult> QuerySequences(string roomUuid, [FromQuery] string? nextId, [FromQuery] string? cmd,
        AgoraUpstream upstream) =>
        PageQuery.TryBuild(nextId, cmd, out var query, out var errors)
            ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "sequences") + query)
            : Forward.Invalid(errors);
}
