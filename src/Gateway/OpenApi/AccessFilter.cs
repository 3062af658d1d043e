using Gateway.Identity;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// The bearer requirement on exactly the operations that need a sign-in (so Swagger UI sends the token there and
/// nowhere else), and a line saying who may call, from the route's policies.
/// </summary>
public sealed class AccessFilter : IOperationFilter
{
    public const string SchemeName = "Bearer";

    static readonly Dictionary<string, string> Who = new()
    {
        [GatewayPolicies.Member] = "students, teachers and assistants of the room (the room is in the caller's rooms claim), and admins",
        [GatewayPolicies.Staff] = "teachers and assistants of the room, and admins",
        [GatewayPolicies.Teacher] = "teachers of the room and admins",
        [GatewayPolicies.Admin] = "admins",
        [GatewayPolicies.UserOrStaff] = "the user themself (`userUuid` is the caller's user id) as a student, teacher or assistant, if the room is "
            + "theirs, teachers and assistants of the room, and admins",
        [GatewayPolicies.Recorder] = $"the recorder (user id `{Recordings.WebRecordingUrl.RecorderUid}`, with the room in its rooms claim) and admins",
    };

    const string MembersByTicket = "students, teachers and assistants of the room, and admins, signed in by their JWT or by a ticket from `POST …/events/ticket`";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!RouteAccess.RequiresSignIn(metadata))
        {
            return;
        }
        Require(operation, context.Document);
        var policies = RouteAccess.Policies(metadata).Select(Wording).ToList();
        var who = metadata.OfType<Events.AcceptsStreamTickets>().Any() ? MembersByTicket
            : policies.Count == 0 ? "any signed-in user" : string.Join(" and ", policies);
        operation.Description = Append(operation.Description, $"**Who:** {who}.");
    }

    /// <summary>Who <paramref name="policy"/> lets in, in words; a policy without them stops the document rather than show its key.</summary>
    static string Wording(string policy) => Who.TryGetValue(policy, out var words) ? words
        : throw new InvalidOperationException($"The policy '{policy}' has no wording in {nameof(AccessFilter)}: say who it lets in.");

    public static void Require(OpenApiOperation operation, OpenApiDocument document) =>
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];

    public static string Append(string? description, string paragraph) =>
        string.IsNullOrEmpty(description) ? paragraph : description + "\n\n" + paragraph;
}
