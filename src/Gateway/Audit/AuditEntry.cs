using System.Text.Json.Serialization;

namespace Gateway.Audit;

/// <summary>
/// One state-changing call as the audit trail keeps it: who (uid and roles), what (the route's name), on which room and
/// user or resource, and how it ended (HTTP status, Agora's code, the request id). Never a token, a JWT, a certificate
/// or a request body. Its <c>id</c> is its position in the trail, the opaque cursor readers page with: set on the way
/// out, never stored.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Actor,
    IReadOnlyList<string> Roles,
    string Action,
    string? RoomUuid,
    string? Target,
    int Status,
    int Code,
    string RequestId)
{
    [JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), OpenApi.AlwaysAnswered]
    public string? Id { get; init; }

    /// <summary>
    /// What <c>target</c> names: <c>user</c>, <c>resource</c>, <c>widget</c>,
    /// <c>resources</c> (the JSON list a delete names) or <c>call</c> (a passthrough's method and path); absent with no
    /// target. The <c>userId</c> filter matches a target only when it is a user, or a call whose path acts on the user
    /// (<c>…/rooms/{roomUuid}/users/{userUuid}…</c>, or under <c>…/widgets/{widgetUuid}/</c>; the id decoded).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TargetKind { get; init; }

    /// <summary>
    /// The state a call set, from its path: a class's (<c>…/states/{state}</c>), a recording's or the breakout groups';
    /// absent for every other call, so that starting a class and ending it are told apart.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? State { get; init; }

    /// <summary>
    /// Set (to <c>true</c>) on every call whose client left before it had heard all of the answer, so that one filter finds
    /// them all. With status 499 it left before there was an outcome to record: before Agora answered, before its body had
    /// arrived, or before the gateway's own refusal was written. With any other status it left after Agora had answered,
    /// before its answer began or while it was reaching the client: the status and code are Agora's answer, as the gateway
    /// judged it, which the client did not hear, or not all of. Absent when the client heard its answer.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ClientLeft { get; init; }
}
