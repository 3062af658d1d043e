using System.Globalization;
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

/// <summary>
/// Cloud recording of a classroom: teachers and admins start, pause, resume or stop it; assistants too list what was
/// recorded; the recorder's page reports that it is ready.
/// </summary>
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
                + "In web mode without `webRecordConfig.url` or `rootUrl`, the gateway builds the URL when `Agora:WebRecording:ClassroomUrl` is configured; "
                + "then `roomType` (0, 2, 4 or 10) and optionally `language` (en, zh) are taken from the query. Stopping takes no body.")
            .Accepts("state", RecordingCommand.Stop, RecordingCommand.Start).ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound)
            .ProducesAgoraProblem(409, AgoraCodes.RecordingNotStarted, AgoraCodes.RecordingNotEnded, AgoraCodes.ClassAlreadyEnded);
        records.MapPatch("/states/1", UpdateRecording).RequireAuthorization(GatewayPolicies.Teacher)
            .WithName("UpdateRecording").WithSummary("Update the running web recording: pause (onhold true) or resume (onhold false)")
            .WithDescription("Agora's `PATCH /v2/rooms/{roomUuid}/records/states/1`: `webRecordConfig.onhold` is required; each call replaces "
                + "the last settings. The pause shows as `onhold` in the recording list.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound).ProducesAgoraProblem(409, AgoraCodes.RecordingNotStarted);
        records.MapPut("/ready", ReportReady).RequireAuthorization(GatewayPolicies.Recorder)
            .WithName("ReportRecordingReady").WithSummary("The recording page reports it has loaded")
            .WithDescription($"Agora's `PUT /v2/rooms/{{roomUuid}}/records/ready`, for the recorder (user id `{WebRecordingUrl.RecorderUid}`, the one the "
                + "gateway builds web recording URLs for) and admins. Without it, a recording started with `retryTimeout` is retried "
                + "at most twice, then marked `unready`.")
            .ProducesAgora().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound).ProducesAgoraProblem(409, AgoraCodes.RecordingNotStarted);
        records.MapGet("", ListRecordings).RequireAuthorization(GatewayPolicies.Staff)
            .WithName("ListRecordings").WithSummary("List a classroom's recordings, 100 a page")
            .WithDescription("Pass `nextId` of one page to get the next; a null `nextId` marks the last page.")
            .ProducesAgora<RecordPage>().ProducesAgoraProblem(404, AgoraCodes.RoomNotFound);
        return room;
    }

    static Results<ForwardResult, ProblemHttpResult> SetRecordingState(string roomUuid, string state,
        AgoraBody<RecordingStateRequest> body, [FromQuery] string? roomType, [FromQuery] string? language,
        AgoraUpstream upstream, WebRecordingUrl webUrl)
    {
        if (!AgoraStates.TryParse(state, out var command) || !AgoraStates.IsRecordingCommand(command))
        {
            return GatewayProblems.Invalid("state", "must be 0 (stop) or 1 (start)");
        }
        var path = upstream.AppPath("v2", "rooms", roomUuid, "records", "states", state);
        if (command == RecordingCommand.Stop)
        {
            return Forward.To(path, ReadOnlyMemory<byte>.Empty);
        }
        if (body.Value is { IsWebMode: true } request
            && request.WebRecordConfig?.Url is null && request.WebRecordConfig?.RootUrl is null
            && webUrl.IsConfigured)
        {
            return WithBuiltUrl(roomUuid, request, roomType, language, webUrl, path);
        }
        return Forward.IfValid(path, body);
    }

    static Results<ForwardResult, ProblemHttpResult> WithBuiltUrl(string roomUuid, RecordingStateRequest request,
        string? roomType, string? language, WebRecordingUrl webUrl, string path)
    {
        if (!int.TryParse(roomType, NumberStyles.None, CultureInfo.InvariantCulture, out var type) || !CreateRoomRequest.IsRoomType(type))
        {
            return GatewayProblems.Invalid("roomType", "is required to build the web recording URL: 0, 2, 4 or 10");
        }
        if (language is not null && !Languages.Contains(language))
        {
            return GatewayProblems.Invalid("language", "must be en or zh");
        }
        // The recorder's page cannot renew its token: a recording running past the token's life would go on blank. (Past
        // Agora's range, the range's own message says so.)
        if (request.WebRecordConfig?.MaxRecordingHour is > WebRecordingUrl.RecorderTokenHours and <= RecordingRules.MaxRecordingHour)
        {
            return GatewayProblems.Invalid("webRecordConfig.maxRecordingHour",
                $"must be at most {WebRecordingUrl.RecorderTokenHours} on the URL the gateway builds: the recorder's token lives no longer");
        }
        var url = webUrl.Build(roomUuid, type, language ?? "en");
        var completed = request with { WebRecordConfig = (request.WebRecordConfig ?? new WebRecordConfig()) with { Url = url } };
        var errors = completed.Validate();
        return errors.Count == 0 ? Forward.To(path, JsonSerializer.SerializeToUtf8Bytes(completed, BodyJson)) : GatewayProblems.Invalid(errors);
    }

    static Results<ForwardResult, ProblemHttpResult> UpdateRecording(string roomUuid, AgoraBody<UpdateRecordingRequest> body, AgoraUpstream upstream) =>
        Forward.IfValid(upstream.AppPath("v2", "rooms", roomUuid, "records", "states", "1"), body);

    static ForwardResult ReportReady(string roomUuid, AgoraUpstream upstream) =>
        Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "records", "ready"));

    static Results<ForwardResult, ProblemHttpResult> ListRecordings(string roomUuid, [FromQuery] string? nextId, AgoraUpstream upstream) =>
        PageQuery.TryBuildRecords(nextId, out var query, out var errors)
            ? Forward.To(upstream.AppPath("v2", "rooms", roomUuid, "records") + query)
            : GatewayProblems.Invalid(errors);
}
