using System.Text.Json;
using System.Text.Json.Serialization;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;
using Gateway.Forwarding;
using Gateway.Problems;
using Gateway.Identity;
using Gateway.Upstream;
using Microsoft.AspNetCore.Mvc;
using Gateway.OpenApi;

namespace Gateway.Recordings;

/// <summary>Cloud recording of a classroom: teachers and admins start or stop it; assistants too list what was recorded.</summary>
public static class RecordingsEndpoints
{
    static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static readonly string[] Languages = ["en", "zh"];

    public static IServiceCollection AddRecordings(this IServiceCollection services)
    {
        services.AddSingleton<WebRecordingUrl>();
        return services;
    }

    public static RouteGroupBuilder MapRecordings(this RouteGroupBuilder room)
    {
        var records = room.MapGroup("/records").WithTags("Recordings");
        records.MapPut("/states/{state}", SetRecordingState).RequireAuthorization(GatewayPolicies.Teacher)
            .WithName("SetRecordingState")
            .WithSummary("Start (1) or stop (0) recording")
            .WithDescription("Composite recording when `mode` is absent; web-page recording (MP4) with `mode: \"web\"`. "
                + "In web mode without `webRecordConfig.url`, the gateway builds the URL when `Agora:WebRecording:ClassroomUrl` is configured; "
                + "then `roomType` (0, 2 or 4) and optionally `language` (en, zh) are taken from the query.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound)
            .ProducesAgoraProblem(409, AgoraCodes.RecordingNotStarted, AgoraCodes.RecordingNotEnded);
        records.MapGet("", ListRecordings).RequireAuthorization(GatewayPolicies.Staff)
            .WithName("ListRecordings").WithSummary("List a classroom's recordings, 100 a page")
            .WithDescription("Pass `nextId` of one page to get the next; a null `nextId` marks the last page.")
            .ProducesAgora<RecordPage>().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        return room;
    }

    static Results<ForwardResult, ProblemHttpResult> SetRecordingState(string roomUuid, string state,
        AgoraBody<RecordingStateRequest> body, [FromQuery] int? roomType, [FromQuery] string? language,
        AgoraUpstream upstream, WebRecordingUrl webUrl)
    {
        if (!AgoraStates.TryParse(state, out var command) || !AgoraStates.IsRecordingCommand(command))
        {
            return GatewayProblems.Invalid("state", "must be 0 (stop) or 1 (start)");
        }
        var path = upstream.AppPath("v2", "rooms", roomUuid, "records", "states", state);
        if (command == RecordingCommand.Start && body.Value is { IsWebMode: true } request
            && string.IsNullOrWhiteSpace(request.WebRecordConfig?.Url) && webUrl.IsConfigured)
        {
            return WithBuiltUrl(roomUuid, request, roomType, language, webUrl, path);
        }
        return body.IsValid ? Forward.To(path, body.Bytes) : GatewayProblems.Invalid(body.Errors);
    }

    static Results<ForwardResult, ProblemHttpResult> WithBuiltUrl(string roomUuid, RecordingStateRequest request,
        int? roomType, string? language, WebRecordingUrl webUrl, string path)
    {
        if (roomType is not (CreateRoomRequest.OneToOne or CreateRoomRequest.LectureHall or CreateRoomRequest.SmallClass))
        {
            return GatewayProblems.Invalid("roomType", "is required to build the web recording URL: 0, 2 or 4");
        }
        if (language is not null && !Languages.Contains(language))
        {
            return GatewayProblems.Invalid("language", "must be en or zh");
        }
        var url = webUrl.Build(roomUuid, roomType.Value, language ?? "en");
        var completed = request with { WebRecordConfig = (request.WebRecordConfig ?? new WebRecordConfig()) with { Url = url } };
        var errors = completed.Validate();
        return errors.Count == 0 ? Forward.To(path, JsonSerializer.SerializeToUtf8Bytes(completed, BodyJson)) : GatewayProblems.Invalid(errors);
    }

    static Results<ForwardResult, ProblemHttpResult> ListRecordings(string roomUuid, [FromQuery] string? nextId, AgoraUpstream upstream) =>
        PageQuery.TryBuild(nextId, cmd: null, out var query, out var errors)
            ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "records") + query)
            : GatewayProblems.Invalid(errors);
}
