using System.Text.Json.Serialization;
using Classroom.Agora;
using Classroom.Agora.Validation;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.OpenApi;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Sandbox;

/// <summary>The sandbox: the embedded emulator and <c>POST /dev/token</c>. Neither exists outside it.</summary>
public static class SandboxEndpoints
{
    /// <summary>What the sandbox JWT says: its user id (<c>sub</c>), roles, rooms, lifetime and name.</summary>
    public sealed record DevTokenRequest(
        [property: JsonPropertyName("sub")] string? Sub,
        string[]? Roles,
        string[]? Rooms,
        int? LifetimeSeconds,
        string? Name = null) : IAgoraRequestBody<DevTokenRequest>
    {
        public static IReadOnlyDictionary<string, string[]> Validate(DevTokenRequest request)
        {
            var errors = new Dictionary<string, string[]>();
            if (!AgoraIdsFilter.IsUid(request.Sub))
            {
                errors["sub"] = ["The user id is required, and " + AgoraIds.Rule + ", with no space at either end."];
            }
            if (request.Roles?.Except(Caller.SchoolRoles).Any() == true)
            {
                errors["roles"] = ["Roles are student, teacher, assistant and admin."];
            }
            if (request.Rooms is { } rooms && (rooms.Length > MaxRooms
                || !rooms.All(room => room == Caller.AllRooms || AgoraIdsFilter.IsRouteId(room))))
            {
                errors["rooms"] = [$"At most {MaxRooms} rooms, each * or a room id that " + AgoraIds.Rule + "."];
            }
            if (request.Name is { } name && (name.Length == 0 || !AgoraIds.IsUnder64Bytes(name)))
            {
                errors["name"] = ["The name is under 64 bytes, and not empty."];
            }
            if (request.LifetimeSeconds is < 60 or > 86_400)
            {
                errors["lifetimeSeconds"] = ["The lifetime is from 60 to 86400 seconds."];
            }
            return errors;
        }
    }

    /// <summary>So that every token signed fits in a request's headers: a thousand rooms made one that every route refused (431).</summary>
    public const int MaxRooms = 100;

    public sealed record DevTokenResponse(string Token);

    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        if (SandboxMode.IsEnabled(builder.Configuration, builder.Environment))
        {
            builder.Services.AddSingleton<EmbeddedEmulator>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<EmbeddedEmulator>());
        }
        return builder;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        if (SandboxMode.IsEnabled(app.Configuration, app.Environment))
        {
            app.MapPost("/dev/token", IssueDevToken)
                .WithMetadata(new Audit.NotAudited("signs a sandbox JWT and changes nothing"))
                .WithName("IssueDevToken")
                .WithSummary("Sandbox only: a school JWT signed with the sandbox key")
                .WithDescription("Exists only while the emulator is enabled. Paste the token into Authorize to try every route.")
                .WithTags("Sandbox")
                .ProducesAgoraProblem(403, "The sandbox signs no token beside a key or an authority of the operator's own "
                    + "(`Auth:SigningKey`, `Auth:Authority`), nor beside an app certificate of its own (`Agora:AppCertificate`).")
                .AllowAnonymous();
        }
        return app;
    }

    static Results<Ok<AgoraEnvelope<DevTokenResponse>>, ProblemHttpResult> IssueDevToken(
        AgoraBody<DevTokenRequest> body, IOptions<AuthOptions> auth, IOptions<AgoraOptions> agora, TimeProvider time)
    {
        var options = auth.Value;
        // Anything /dev/token signs is a valid sign-in wherever the configured key is the operator's own.
        if (!SandboxMode.SignsInWithTheSandboxKey(options))
        {
            return Problems.GatewayProblems.Result(StatusCodes.Status403Forbidden, "Sandbox tokens are signed with the sandbox key "
                + "only, and this gateway validates tokens with a key or an authority of its own (Auth:SigningKey, Auth:Authority).");
        }
        // Nor beside an app certificate of the operator's own: the RTM and room-user tokens the gateway mints for a sign-in
        // are then valid at Agora, so a sign-in signed here for anyone would be an Agora login as anyone.
        if (!SandboxMode.IsSandboxCertificate(agora.Value.AppCertificate))
        {
            return Problems.GatewayProblems.Result(StatusCodes.Status403Forbidden, "Sandbox tokens are signed only beside the "
                + "sandbox's app certificate, and this gateway mints Agora tokens with one of its own (Agora:AppCertificate).");
        }
        if (body is not { IsValid: true, Value: { } request })
        {
            return Problems.GatewayProblems.Invalid(body.Errors);
        }
        if (request.Sub == agora.Value.ServiceUid)
        {
            // Sign-in refuses it: the gateway's own uid is nobody else's.
            return Problems.GatewayProblems.Invalid("sub", "The user id is the gateway's own (Agora:ServiceUid), which no one signs in as.");
        }
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [options.UserIdClaim] = request.Sub!,
            [options.RoleClaim] = request.Roles ?? [],
            [options.RoomsClaim] = request.Rooms ?? [],
        };
        if (request.Name is { } name)
        {
            claims[options.NameClaim] = name;
        }
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddSeconds(request.LifetimeSeconds ?? 3600).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SandboxMode.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(AgoraEnvelope<DevTokenResponse>.Success(new DevTokenResponse(token), now));
    }
}
