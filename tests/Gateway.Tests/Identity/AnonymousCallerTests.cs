using System.Net;
using System.Text;
using Gateway.Passthrough;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Tests.Identity;

/// <summary>A caller without a sign-in reaches nothing that a policy guards, whichever policy it is.</summary>
public sealed class AnonymousCallerTests
{
    [Fact]
    public async Task EveryRouteWithAPolicyRefusesACallerWithoutASignInAndForwardsNothing()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var anonymous = gateway.CreateClient();
        var guarded = GatewayRoutes.Of(gateway.Services)
            .Where(r => r.Endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .ToList();

        var answers = new List<(string Route, HttpStatusCode Status, int? Code)>();
        foreach (var (endpoint, method) in guarded)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), GatewayRoutes.Fill(endpoint.RoutePattern.RawText!))
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            using var response = await anonymous.SendAsync(request, Json.Cancel);
            var code = (await response.ReadJson()).GetProperty("code").GetInt32();
            answers.Add(($"{method} {endpoint.RoutePattern.RawText}", response.StatusCode, code));
        }

        // The passthrough sits outside the API's group and its policy: its own policy alone refuses here.
        Assert.Contains(guarded, r => r.Endpoint.RoutePattern.RawText == PassthroughEndpoints.Pattern);
        Assert.True(guarded.Count > 30, $"{guarded.Count} guarded routes");
        Assert.All(answers, answer => Assert.Equal((answer.Route, HttpStatusCode.Unauthorized, (int?)401), answer));
        Assert.Empty(upstream.Requests);
    }
}
