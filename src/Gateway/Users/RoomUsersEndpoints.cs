using Classroom.Agora.Models;
using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.OpenApi;
using Gateway.Upstream;

namespace Gateway.Users;

/// <summary>A classroom's users: a user reads their own; teachers, assistants and admins read anyone's and keep their properties.</summary>
public static class RoomUsersEndpoints
{
    public static RouteGroupBuilder MapRoomUsers(this RouteGroupBuilder room)
    {
        var user = room.MapGroup("/users/{userUuid}").WithTags("Users");
        user.MapGet("", QueryUser).RequireAuthorization(GatewayPolicies.UserOrStaff)
            .WithName("QueryUser").WithSummary("Query a user of the classroom: name, role, stream, online state and properties")
            .WithDescription("Agora's `GET /v2/rooms/{roomUuid}/users/{userUuid}`, for the user themself and for teachers, assistants and admins. "
                + "`userProperties` holds the custom properties and, under `widgets.{widgetUuid}`, the user's properties of each widget.")
            .ProducesAgora<RoomUserDetails>().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        var staff = user.MapGroup("/properties").RequireAuthorization(GatewayPolicies.Staff);
        staff.MapPut("", SetProperties)
            .WithName("SetUserProperties").WithSummary("Add or update a user's custom properties")
            .WithDescription("Agora's `PUT /v2/rooms/{roomUuid}/users/{userUuid}/properties`: `properties` maps each key, or dotted path to a "
                + "nested value, to any JSON value; at most 100 keys. The change shows in the query user and as a cmd 23 event.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        staff.MapDelete("", DeleteProperties)
            .WithName("DeleteUserProperties").WithSummary("Delete a user's custom properties")
            .WithDescription("Agora's `DELETE /v2/rooms/{roomUuid}/users/{userUuid}/properties`: `properties` lists the keys or dotted paths to delete, at most 100.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound, AgoraCodes.UserNotFound);
        return room;
    }

    static string PropertiesPath(this AgoraUpstream upstream, string roomUuid, string userUuid) =>
        upstream.AppPath("v2", "rooms", roomUuid, "users", userUuid, "properties");

    static ForwardResult QueryUser(string roomUuid, string userUuid, AgoraUpstream upstream) =>
        Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "users", userUuid));

    static Results<ForwardResult, ProblemHttpResult> SetProperties(string roomUuid, string userUuid, AgoraBody<SetPropertiesRequest> body,
        AgoraUpstream upstream) =>
        Forward.IfValid(upstream.PropertiesPath(roomUuid, userUuid), body);

    static Results<ForwardResult, ProblemHttpResult> DeleteProperties(string roomUuid, string userUuid, AgoraBody<DeletePropertiesRequest> body,
        AgoraUpstream upstream) =>
        Forward.IfValid(upstream.PropertiesPath(roomUuid, userUuid), body);
}
