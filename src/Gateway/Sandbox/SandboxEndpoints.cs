using System.Text.Json.Serialization;
using Classroom.Agora.Validation;
using Gateway.Configuration;
using Gateway.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Sandbox;

/// <summary>The sandbox: the embedded emulator and <c>POST /dev/token</c>. Neither exists outside it.</summary>
public static class SandboxEndpoints
{
    public sealed record DevTokenRequest(
        [property: JsonPropertyName("sub")] string? Sub,
        string[]? Roles,
        string[]? Rooms,
        int? LifetimeSeconds);

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
                .WithName("IssueDevToken")
                .WithSummary("Sandbox only: a school JWT signed with the sandbox key")
                .WithDescription("Exists only while the emulator is enabled. Paste the token into Authorize to try every route.")
                .WithTags("Sandbox")
                .AllowAnonymous();
        }
        return app;
    }

    static Results<Ok<AgoraEnvelope<DevTokenResponse>>, ProblemHttpResult> IssueDevToken(
        DevTokenRequest request, IOptions<AuthOptions> auth, TimeProvider time)
    {
        var errors = Validate(request, auth.Value);
        if (errors.Count > 0)
        {
            return Problems.GatewayProblems.Invalid(errors);
        }
        var options = auth.Value;
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [options.UserIdClaim] = request.Sub!,
            [options.RoleClaim] = request.Roles ?? [],
            [options.RoomsClaim] = request.Rooms ?? [],
        };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddSeconds(request.LifetimeSeconds ?? 3600).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.SigningKeyBytes!), SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(AgoraEnvelope<DevTokenResponse>.Success(new DevTokenResponse(token), now));
    }

    static Dictionary<string, string[]> Validate(DevTokenRequest request, AuthOptions auth)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AgoraIds.IsValid(request.Sub))
        {
            errors["sub"] = ["The user id is required, and " + AgoraIds.Rule + "."];
        }
        if (request.Roles?.Except([Caller.Student, Caller.Teacher, Caller.Admin]).Any() == true)
        {
            errors["roles"] = ["Roles are student, teacher and admin."];
        }
        if (request.LifetimeSeconds is < 60 or > 86_400)
        {
            errors["lifetimeSeconds"] = ["The lifetime is from 60 to 86400 seconds."];
        }
        if (auth.SigningKeyBytes is null)
        {
            errors[""] = ["The gateway validates tokens of an authority; it cannot sign sandbox tokens."];
        }
        return errors;
    }
}
