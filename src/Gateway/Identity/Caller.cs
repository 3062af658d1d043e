using System.Security.Claims;
using Gateway.Configuration;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Identity;

/// <summary>
/// The signed-in school user as the gateway sees them: Agora uid, roles, rooms, and the name a classroom shows
/// (<c>Auth:NameClaim</c>; the user id without one). <see cref="Roles"/> and <see cref="Rooms"/> hold each value once,
/// in ordinal order: a caller has a role or two and a few rooms, which a list searches as fast as a set and keeps in a
/// fraction of its memory (a remembered sign-in and an open stream keep their caller).
/// </summary>
public sealed record Caller(string UserId, IReadOnlyList<string> Roles, IReadOnlyList<string> Rooms, string? Name = null)
{
    public const string Student = "student";
    public const string Teacher = "teacher";
    public const string Assistant = "assistant";
    public const string Admin = "admin";

    /// <summary>Every role a school's JWT may give.</summary>
    public static IReadOnlyList<string> SchoolRoles { get; } = [Student, Teacher, Assistant, Admin];
    public const string AllRooms = "*";

    /// <summary>The claim type under which sign-in stores the rooms it read, one claim per room.</summary>
    public const string RoomClaimType = "classroom-gateway/room";

    public bool IsAdmin => Roles.Contains(Admin);

    /// <summary>
    /// The name shown in a classroom: the name claim when it shows something (not blank) and Agora can take it (under 64
    /// bytes), else the user id.
    /// </summary>
    public string DisplayName => !string.IsNullOrWhiteSpace(Name) && Classroom.Agora.Validation.AgoraIds.IsUnder64Bytes(Name) ? Name : UserId;

    /// <summary>Whether the caller holds one of <paramref name="roles"/>.</summary>
    public bool HoldsAny(string[] roles)
    {
        foreach (var role in roles)
        {
            if (Roles.Contains(role))
            {
                return true;
            }
        }
        return false;
    }

    public bool IsMemberOf(string roomUuid) => IsAdmin || Rooms.Contains(AllRooms) || Rooms.Contains(roomUuid);

    /// <summary>The caller of <paramref name="context"/>'s request, with the gateway's own <see cref="AuthOptions"/>.</summary>
    public static Caller Of(HttpContext context) =>
        Of(context, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value);

    /// <summary>Binds a route handler's <see cref="Caller"/> parameter: the signed-in caller of the request.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult<Caller?>(Of(context));

    /// <summary>
    /// The caller of <paramref name="context"/>'s request, read from its principal once and kept with the request:
    /// the room policy and the handlers ask for it on every call.
    /// </summary>
    public static Caller Of(HttpContext context, AuthOptions options)
    {
        if (context.Features.Get<Caller>() is { } known)
        {
            return known;
        }
        var caller = FromPrincipal(context.User, options);
        context.Features.Set(caller);
        return caller;
    }

    /// <summary>
    /// The caller an authorization handler judges: the request's own, read once per request, or read afresh from a
    /// principal that is not the request's (one the policy evaluator swapped in).
    /// </summary>
    public static Caller Of(AuthorizationHandlerContext context, AuthOptions options) =>
        context.Resource is HttpContext request && ReferenceEquals(request.User, context.User)
            ? Of(request, options)
            : FromPrincipal(context.User, options);

    public static Caller FromPrincipal(ClaimsPrincipal principal, AuthOptions options)
    {
        var userId = principal.FindFirst(options.UserIdClaim)?.Value
            ?? throw new InvalidOperationException("The principal has no user id claim.");
        return new Caller(userId, ValuesOf(principal, options.RoleClaim), ValuesOf(principal, RoomClaimType),
            principal.FindFirst(options.NameClaim)?.Value);
    }

    static string[] ValuesOf(ClaimsPrincipal principal, string claimType) =>
        [.. principal.FindAll(claimType).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
