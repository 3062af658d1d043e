using Gateway.Forwarding;
using Gateway.Identity;
using Gateway.Upstream;

namespace Gateway.Passthrough;

/// <summary>
/// <c>/edu/{**path}</c>: any Agora classroom call, verbatim, for admins, still as the admin's own uid and only for
/// our app id. The region prefix is the gateway's to add.
/// </summary>
public static class PassthroughEndpoints
{
    public static WebApplication MapPassthrough(this WebApplication app)
    {
        app.Map("/edu/{**path}", PassThrough)
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithTags("Passthrough").WithName("Passthrough")
            .WithSummary("Admins: any Agora classroom call, verbatim (the app id in the path must be the configured one)");
        return app;
    }

    static Results<ForwardResult, ProblemHttpResult> PassThrough(HttpContext context, AgoraUpstream upstream)
    {
        var path = context.Request.Path.ToUriComponent();
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var appIdIndex = segments is [_, "apps", ..] ? 2 : segments is [_, "polling", "apps", ..] ? 3 : -1;
        if (appIdIndex < 0 || segments.Length <= appIdIndex
            || !string.Equals(Uri.UnescapeDataString(segments[appIdIndex]), upstream.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(Problems.GatewayProblems.Create(StatusCodes.Status403Forbidden,
                "The passthrough reaches only /edu/apps/{appId}/… and /edu/polling/apps/{appId}/… of the configured app id."));
        }
        return Forward.To(upstream.RegionPrefix + path + context.Request.QueryString.ToUriComponent());
    }
}
