using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Gateway.Forwarding;
using Gateway.Problems;
using Gateway.Identity;
using Gateway.Upstream;
using Gateway.OpenApi;
using Gateway.Telemetry;

namespace Gateway.Rooms;

/// <summary>
/// Classrooms: members query one; teachers and admins of the room create it, set its state and kick users; teachers,
/// assistants and admins keep its properties and open or close breakout groups.
/// </summary>
public static class RoomsEndpoints
{
    /// <summary>The cache of rooms' details, and what drops a room's details when it changes.</summary>
    public static IServiceCollection AddRooms(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<RoomDetailsCache>();
        services.AddHostedService<RoomChangesFollower>(); // the rooms' cached details and resource lists, dropped by their events
        return services;
    }

    public static RouteGroupBuilder MapRooms(this RouteGroupBuilder room)
    {
        room.MapGet("", QueryRoom).RequireAuthorization(GatewayPolicies.Member).WithTags("Rooms")
            .WithName("QueryRoom").WithSummary("Query a classroom: its name, type, schedule, state and properties")
            .WithDescription("Agora's query classroom (`GET /v2/rooms/{roomUuid}`), cached per room for every gateway instance: answers carry "
                + "`X-Cache-Status: HIT` or `MISS`, and any write to the room through the gateway makes the next read fresh.")
            .ProducesAgora<ClassroomDetails>().ProducesCacheStatus().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        var teacher = room.MapGroup("").RequireAuthorization(GatewayPolicies.Teacher).WithTags("Rooms");
        teacher.MapPost("", CreateRoom)
            .WithName("CreateRoom").WithSummary("Create a classroom")
            .WithDescription("Agora's `POST /v2/rooms/{roomUuid}`: `roomName` (under 64 bytes), `roomType` (0 one-to-one, 2 lecture hall, 4 small class, 10 cloud class with its `roleConfig`) and an optional schedule.")
            .ProducesAgora();
        teacher.MapPut("/states/{state}", SetState)
            .WithName("SetClassState").WithSummary("Start or end a class (0 not started, 1 started, 2 ended)")
            .WithDescription("A class goes 0 → 1 → 2; an ended classroom is destroyed an hour later.")
            .Accepts("state", ClassState.NotStarted, ClassState.Started, ClassState.Ended).ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound)
            .ProducesAgoraProblem(409, AgoraCodes.ClassAlreadyStarted, AgoraCodes.ClassAlreadyEnded);
        teacher.MapPost("/users/{userUuid}/exit", KickUser).AddFilter<Launch.DirtyKickMemory>()
            .WithName("KickUser").WithSummary("Kick a user out of the classroom, optionally keeping them out for a while")
            .WithDescription("An empty body is a plain kick; `{\"dirty\":{\"state\":1,\"duration\":600}}` keeps the user out for 600 s.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        var staff = room.MapGroup("").RequireAuthorization(GatewayPolicies.Staff).WithTags("Rooms");
        staff.MapPut("/properties", SetProperties)
            .WithName("SetRoomProperties").WithSummary("Add or update a classroom's custom properties")
            .WithDescription("Agora's `PUT /v2/rooms/{roomUuid}/properties`: `properties` maps each key, or dotted path to a nested value "
                + "(`flexProps.quiz.open`), to any JSON value; at most 100 keys. The change shows in the query classroom and as a cmd 5 event.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        staff.MapDelete("/properties", DeleteProperties)
            .WithName("DeleteRoomProperties").WithSummary("Delete a classroom's custom properties")
            .WithDescription("Agora's `DELETE /v2/rooms/{roomUuid}/properties`: `properties` lists the keys or dotted paths to delete, at most 100.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        staff.MapPut("/groups/states/{state}", SetGroups).Accepts("state", GroupsState.Closed, GroupsState.Open)
            .WithName("SetBreakoutGroups").WithSummary("Open (1) or close (0) breakout groups")
            .WithDescription("Opening takes `groups`, each with its `users` (a user in one group only) and an optional `groupUuid` and `groupName`; "
                + "it replaces any open groups. Closing takes no body. The groups show in `roomProperties.groups` of the query classroom.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        return room;
    }

    // An answer longer than the gateway keeps of one (a room whose properties together pass it) is asked again and passed on
    // as Agora sends it, kept nowhere. (A plain comment: an XML one on a handler becomes its operation's summary.)
    static async Task<Results<RoomDetailsLookup, ForwardResult>> QueryRoom(string roomUuid, Caller caller, RoomDetailsCache rooms,
        AgoraUpstream upstream, HttpContext context, CancellationToken cancellationToken)
    {
        var lookup = await rooms.GetAsync(roomUuid, caller.UserId, context.RequestId(), cancellationToken);
        if (!lookup.Answer.WasTooLarge)
        {
            return lookup;
        }
        context.Response.Headers[Resources.ResourceListResult.CacheStatusHeader] = "MISS";
        return Forward.To(upstream.AppPath("v2", "rooms", roomUuid));
    }

    static Results<ForwardResult, ProblemHttpResult> CreateRoom(string roomUuid, AgoraBody<CreateRoomRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.AppPath("v2", "rooms", roomUuid), body);

    static Results<ForwardResult, ProblemHttpResult> SetState(string roomUuid, string state, AgoraUpstream upstream) =>
        AgoraStates.TryParse(state, out var value) && AgoraStates.IsClassState(value)
            ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "states", state))
            : GatewayProblems.Invalid("state", "must be 0 (not started), 1 (started) or 2 (ended)");

    static Results<ForwardResult, ProblemHttpResult> SetProperties(string roomUuid, AgoraBody<SetPropertiesRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.AppPath("v2", "rooms", roomUuid, "properties"), body);

    static Results<ForwardResult, ProblemHttpResult> DeleteProperties(string roomUuid, AgoraBody<DeletePropertiesRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.AppPath("v2", "rooms", roomUuid, "properties"), body);

    // Closing takes no body, so whatever the client sent with it goes no further. (A plain comment: an XML one on a
    // handler becomes its operation's summary in the served document, in place of the route's WithSummary.)
    static Results<ForwardResult, ProblemHttpResult> SetGroups(string roomUuid, string state, AgoraBody<BreakoutGroupsRequest> body, AgoraUpstream upstream)
    {
        if (!AgoraStates.TryParse(state, out var value) || !AgoraStates.IsGroupsState(value))
        {
            return GatewayProblems.Invalid("state", "must be 0 (close the groups) or 1 (open them)");
        }
        var path = upstream.AppPath("v2", "rooms", roomUuid, "groups", "states", state);
        return value == GroupsState.Closed ? Forward.To(path, ReadOnlyMemory<byte>.Empty) : Forward.IfValid(path, body);
    }

    static Results<ForwardResult, ProblemHttpResult> KickUser(string roomUuid, string userUuid, AgoraBody<KickRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.AppPath("v2", "rooms", roomUuid, "users", userUuid, "exit"), body);
}
