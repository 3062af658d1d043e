using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.OpenApi;
using Gateway.Problems;
using Gateway.Recordings;
using Gateway.Rooms;
using Gateway.Telemetry;
using Gateway.Upstream;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Launch;

/// <summary><c>POST /api/v1/rooms/{roomUuid}/join</c>: a classroom client's launch options, for members of the room.</summary>
public static class LaunchEndpoints
{
    public static IServiceCollection AddClassroomLaunch(this IServiceCollection services)
    {
        services.AddSingleton<KickedUsers>();
        services.AddSingleton<ClassroomLaunch>();
        return services;
    }

    public static RouteGroupBuilder MapLaunch(this RouteGroupBuilder room)
    {
        room.MapPost("/join", Join).RequireAuthorization(GatewayPolicies.Member)
            .WithMetadata(KeepsRoomDetails.Instance)
            .WithTags("Rooms").WithName("JoinRoom").WithSummary("Join a classroom: the launch options of the classroom SDK, with its token")
            .WithDescription("Answers `appId` and `region` for `AgoraEduSDK.config` and the rest for `launch`: the room as Agora describes it "
                + "(name, type, schedule), the caller as `userUuid`, `userName` and `roleType` (teacher 1, student 2, assistant and admin 3), "
                + "and a room-user token for that room, user and role as `token` and `rtmToken`. `duration` is the schedule's, else "
                + $"{ClassroomLaunch.DefaultDurationSeconds} s; `language` is the query's (`en`, `zh`; en). A teacher or admin may send Agora's "
                + "create body to create a missing room first; for anyone else a missing room is 404. A user kicked out with a ban still "
                + "running is refused (403), and everyone is refused a class that has ended (409), as Agora lets nobody enter it.")
            .ProducesAgora<LaunchOptions>().ProducesAgoraProblem(403, AgoraCodes.UserBanned).ProducesAgoraProblem(404, AgoraCodes.RoomNotFound)
            .ProducesAgoraProblem(409, AgoraCodes.ClassAlreadyEnded)
            .ProducesAgoraProblem(502, "Agora could not be reached, its answer was not one the gateway can use, or its description of the "
                + "classroom has no room type.");
        return room;
    }

    static async Task<Results<Ok<AgoraEnvelope<LaunchOptions>>, ProblemHttpResult, AgoraAnswer>> Join(string roomUuid,
        AgoraBody<JoinRequest> body, [FromQuery] string? language, Caller caller, ClassroomLaunch launch, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!body.IsValid)
        {
            return GatewayProblems.Invalid(body.Errors);
        }
        if (language is not null && !RecordingsEndpoints.Languages.Contains(language))
        {
            return GatewayProblems.Invalid("language", "must be en or zh");
        }
        return await launch.JoinAsync(caller, context, roomUuid, body.Value!, body.Bytes, language ?? "en", cancellationToken);
    }
}
