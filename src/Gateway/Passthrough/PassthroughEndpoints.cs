using Classroom.Agora.Validation;
using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.Upstream;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Passthrough;

/// <summary>
/// <c>/edu/{**path}</c>: any Agora classroom call, verbatim, for admins, still as the admin's own uid and only for
/// our app id. The region prefix is the gateway's to add.
/// </summary>
public static class PassthroughEndpoints
{
    public const string Pattern = "/edu/{**path}";

    /// <summary>
    /// The methods Agora's classroom API is called with. Any other is a 405 here: a TRACE would carry the gateway's
    /// credential to Agora and could bring it back in the echo, and a CONNECT cannot be forwarded at all.
    /// </summary>
    public static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static WebApplication MapPassthrough(this WebApplication app)
    {
        app.MapMethods(Pattern, Methods, PassThrough)
            .RequireAuthorization(GatewayPolicies.Admin)
            .RequireSoundTarget()
            .AddFilter<PassthroughResourceInvalidation>()
            .WithTags("Passthrough").WithName("Passthrough")
            .WithSummary("Admins: any Agora classroom call, verbatim (the app id in the path must be the configured one)")
            .WithDescription("Reaches `/edu/apps/{appId}/…` of the configured app id, with the region prefix added by the gateway. "
                + "Agora's once-only event queue (`/edu/polling/…`) is refused: the gateway polls it into `GET /api/v1/events`.");
        return app;
    }

    static async Task<Results<ForwardResult, ProblemHttpResult>> PassThrough(HttpContext context, AgoraUpstream upstream)
    {
        var path = PassthroughPath.Of(context);
        if (PassthroughPath.Refusal(path) is { } refusal)
        {
            return Problems.GatewayProblems.Invalid("path", refusal);
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is [_, "polling", ..])
        {
            // Agora hands each polled event out once: a poll from here would take events from the shared log.
            return Problems.GatewayProblems.Result(StatusCodes.Status403Forbidden,
                "Agora's event queue is polled by the gateway alone; read GET /api/v1/events instead.");
        }
        if (segments is not [_, "apps", var appId, _, ..]
            || !string.Equals(Uri.UnescapeDataString(appId), upstream.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.GatewayProblems.Result(StatusCodes.Status403Forbidden,
                "The passthrough reaches only /edu/apps/{appId}/… of the configured app id.");
        }
        var target = upstream.RegionPrefix + path + context.Request.QueryString.ToUriComponent();
        // The body is read whole and checked before anything is sent, as every route's is: one over the limit (declared
        // or streamed), cut off, in another media type, not sound JSON or naming a member twice is refused before Agora
        // sees the request.
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return Forward.Verbatim(target);
        }
        var body = await ClientBody.ReadJsonAsync(context, Security.RequestLimits.MaxBodyBytes);
        return body.IsEmpty || SoundJson.FaultIn(body.Span) is not { } fault
            ? Forward.To(target, body)
            : Problems.GatewayProblems.Invalid(fault.Field, fault.Message);
    }
}
