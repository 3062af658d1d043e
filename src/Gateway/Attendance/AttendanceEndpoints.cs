using Gateway.Events;
using Gateway.Identity;
using Gateway.OpenApi;
using Microsoft.Net.Http.Headers;

namespace Gateway.Attendance;

/// <summary>Who attended a classroom, for how long, who came late and who was kicked: computed from the shared event log.</summary>
public static class AttendanceEndpoints
{
    const string CsvExample = $"""
        {AttendanceCsv.HeaderRow}
        teacher-1,Ms Rivera,1,2026-11-25T15:58:00.000Z/..,47.5,-120,false
        student-7,"Lee, Sam",2,2026-11-25T16:04:10.000Z/2026-11-25T16:20:00.000Z 2026-11-25T16:22:00.000Z/2026-11-25T16:30:00.000Z,23.8,250,true
        """;

    const string CsvDescription = $"With `Accept: text/csv` ranked above JSON: UTF-8 CSV (RFC 4180), the header row `{AttendanceCsv.HeaderRow}` "
        + "and then one row per user; each stay is an ISO 8601 interval (`entered/left`, `entered/..` while present), the stays of a user "
        + "separated by spaces.";

    public static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        services.TryAddSingleton<RoomEventsCache>();
        return services;
    }

    public static RouteGroupBuilder MapAttendance(this RouteGroupBuilder room)
    {
        room.MapGet("/attendance", GetAttendance).RequireAuthorization(GatewayPolicies.Staff)
            .WithTags("Attendance").WithName("GetAttendance").WithSummary("A classroom's attendance per user, as JSON or CSV")
            .WithDescription("Computed from the class start and end (cmd 1) and the users entering and leaving (cmd 20) in the gateway's event log, "
                + "so every instance answers the same, after restarts too, for as long as the log keeps the room's events (`Events:RetentionEvents`). "
                + "Per user: each stay (`left` null while still present; a stay open when the class ended ends when the log took the end, which "
                + "carries no time of its own, and what follows the end is not counted), the minutes present (an open stay counts up to the answer), the "
                + "seconds from the class start to the first entry (negative when early; null without a class start in the log) and whether "
                + "the user was kicked. `Accept: text/csv` answers the same as CSV, one row per user (the 200 answer names its header row).")
            .ProducesAgora<RoomAttendance>().ProducesText(AttendanceCsv.ContentType, CsvDescription, CsvExample).ProducesAgoraProblem(503, Events.EventLogEndpoints.LogUnreachable);
        return room;
    }

    static async Task<Results<Ok<AgoraEnvelope<RoomAttendance>>, ContentHttpResult, ProblemHttpResult>> GetAttendance(string roomUuid,
        HttpContext context, RoomEventsCache events, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var attendance = AttendanceSheet.Of(roomUuid, await events.ReadAsync(roomUuid, cancellationToken), now);
            context.Response.Headers.Vary = HeaderNames.Accept;
            return PrefersCsv(context.Request)
                ? TypedResults.Text(AttendanceCsv.ByteOrderMark + AttendanceCsv.Write(attendance), $"{AttendanceCsv.ContentType}; charset=utf-8")
                : TypedResults.Ok(AgoraEnvelope<RoomAttendance>.Success(attendance, now));
        }
        catch (EventLogUnavailableException)
        {
            return RoomStreams.Unavailable(context);
        }
    }

    /// <summary>CSV when the caller's <c>Accept</c> ranks <c>text/csv</c> above JSON; JSON otherwise.</summary>
    static bool PrefersCsv(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        var csv = Quality(accepted, Csv);
        return csv > 0 && csv > Quality(accepted, Json);
    }

    static readonly MediaTypeHeaderValue Csv = new(AttendanceCsv.ContentType);
    static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// The rank <paramref name="accepted"/> gives <paramref name="type"/>: that of the most specific range covering it
    /// (the type itself, then <c>type/*</c>, then <c>*/*</c>; RFC 9110 12.5.1), 0 when none does. A range's parameters
    /// (<c>text/csv; charset=utf-8</c>) do not keep it from covering the type: the answer is UTF-8, with a header row.
    /// </summary>
    static double Quality(IList<MediaTypeHeaderValue> accepted, MediaTypeHeaderValue type) =>
        accepted.Where(range => type.IsSubsetOf(new MediaTypeHeaderValue(range.MediaType)))
            .OrderByDescending(range => range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2)
            .Select(range => range.Quality ?? 1).DefaultIfEmpty(0).First();
}
