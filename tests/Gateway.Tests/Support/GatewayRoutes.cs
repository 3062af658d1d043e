using System.Text.RegularExpressions;
using Classroom.Agora;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Support;

/// <summary>The routes a gateway serves, read from its own endpoints, so that a test holds every route, a later one too.</summary>
public static class GatewayRoutes
{
    /// <summary>Each route with each method it answers (a route mapped for any method: POST).</summary>
    public static IReadOnlyList<(RouteEndpoint Endpoint, string Method)> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["POST"]).Select(m => (Endpoint: e, Method: m)))
            .ToList();

    /// <summary>A route template filled in with ids that pass every rule, so the call reaches as far as it can.</summary>
    public static string Fill(string pattern) => Regex.Replace(pattern, @"\{([^}:]+)[^}]*\}", m => m.Groups[1].Value switch
    {
        "**path" => $"apps/{AgoraSandbox.AppId}/v2/rooms/room-1/properties",
        "state" => "1",
        _ => "id-1",
    });
}
