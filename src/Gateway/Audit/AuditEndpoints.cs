using Classroom.Agora.Validation;
using Gateway.Events;
using Gateway.Identity;
using Gateway.OpenApi;
using Gateway.Problems;
using Gateway.Redis;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Audit;

/// <summary>
/// The audit trail: every state-changing call recorded (<see cref="AuditRecording"/>), kept in a Redis stream shared by
/// every instance or in process, and paged for admins by <c>GET /api/v1/audit</c> as the event log is paged.
/// </summary>
public static class AuditEndpoints
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(AuditOptions.Section);
        services.AddSingleton<AuditQueue>();
        services.AddSingleton<InProcessAuditTrail>();
        services.AddSingleton<RedisAuditTrail>();
        services.AddSingleton<IAuditTrail>(provider => provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsConfigured
            ? provider.GetRequiredService<RedisAuditTrail>()
            : provider.GetRequiredService<InProcessAuditTrail>());
        services.AddHostedService<AuditWriter>();
        return services;
    }

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAudit).RequireAuthorization(GatewayPolicies.Admin)
            .WithTags("Audit").WithName("ListAudit").WithSummary("Page the audit trail of every state-changing call with an opaque cursor")
            .WithDescription("Each write through the gateway — by whom (uid and roles), which route, room and user or resource, its status, "
                + "Agora's code and the request id — oldest first, the same on every instance. Pass `next` as `after` to go on: it is always "
                + "the cursor to continue from. `roomUuid` keeps one room's entries, `userId` those whose actor or target is that user, "
                + "a passthrough call whose path acts on that user (`…/rooms/{roomUuid}/users/{userUuid}…`) included. "
                + "`limit` is 1 to 1000 (100). The trail keeps entries `Audit:RetentionDays` days (without Redis, the newest 100,000 of them): "
                + "when it no longer holds entries that came after `after`, the page starts at the oldest it holds and says `missed: true`.")
            .ProducesAgora<AuditSlice>().ProducesAgoraProblem(503, "The audit trail cannot be reached (Redis down). `Retry-After` says when to try again.");
        return api;
    }

    static async Task<Results<Ok<AgoraEnvelope<AuditSlice>>, ProblemHttpResult>> ListAudit([FromQuery] string? after, [FromQuery] string? limit,
        [FromQuery] string? roomUuid, [FromQuery] string? userId, IAuditTrail trail, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!EventLogEndpoints.TryReadPaging(after, limit, out var from, out var count, out var errors)
            | !TryReadFilter(roomUuid, userId, errors))
        {
            return GatewayProblems.Invalid(errors);
        }
        try
        {
            var page = await trail.ReadAsync(from, count, new AuditFilter(roomUuid, userId), cancellationToken);
            var slice = new AuditSlice([.. page.Entries.Select(e => e.Entry with { Id = e.Cursor.ToString() })], page.Next.ToString()) { Missed = page.Missed };
            return TypedResults.Ok(AgoraEnvelope<AuditSlice>.Success(slice, time.GetUtcNow()));
        }
        catch (AuditTrailUnavailableException)
        {
            return GatewayProblems.Unavailable(context, "The audit trail cannot be reached; try again shortly.", RedisConnection.FailureBackOff);
        }
    }

    static bool TryReadFilter(string? roomUuid, string? userId, Dictionary<string, string[]> errors)
    {
        if (roomUuid is not null && !AgoraIds.IsValid(roomUuid))
        {
            errors["roomUuid"] = [AgoraIds.Rule];
        }
        if (userId is not null && !AgoraIds.IsValid(userId))
        {
            errors["userId"] = [AgoraIds.Rule];
        }
        return errors.Count == 0;
    }
}
