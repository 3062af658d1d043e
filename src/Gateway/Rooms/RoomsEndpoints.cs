using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.Upstream;

namespace Gateway.Rooms;

/// <summary>Classrooms: create, set state, kick a user. Teachers and admins of the room.</summary>
public static class RoomsEndpoints
{
    public static RouteGroupBuilder MapRooms(this RouteGroupBuilder room)
    {
        var teacher = room.MapGroup("").RequireAuthorization(GatewayPolicies.Teacher).WithTags("Rooms");
        teacher.MapPost("", CreateRoom)
            .WithName("CreateRoom").WithSummary("Create a classroom");
        teacher.MapPut("/states/{state}", SetState)
            .WithName("SetClassState").WithSummary("Start or end a class (0 not started, 1 started, 2 ended)");
        teacher.MapPost("/users/{userUuid}/exit", KickUser)
            .WithName("KickUser").WithSummary("Kick a user out of the classroom, optionally keeping them out for a while");
        return room;
    }

    static Results<ForwardResult, ProblemHttpResult> CreateRoom(string roomUuid, AgoraBody<CreateRoomRequest> body, AgoraUpstream upstream) =>
        body.IsValid ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid), body.Bytes) : Forward.Invalid(body.Errors);

    static Results<ForwardResult, ProblemHttpResult> SetState(string roomUuid, string state, AgoraUpstream upstream) =>
        AgoraStates.TryParse(state, out var value) && AgoraStates.IsClassState(value)
            ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "states", state))
            : Forward.Invalid("state", "must be 0 (not started), 1 (started) or 2 (ended)");

    static Results<ForwardResult, ProblemHttpResult> KickUser(string roomUuid, string userUuid, AgoraBody<KickRequest> body, AgoraUpstream upstream) =>
        body.IsValid ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "users", userUuid, "exit"), body.Bytes) : Forward.Invalid(body.Errors);
}
