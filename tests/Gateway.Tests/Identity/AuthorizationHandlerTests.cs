using System.Net;
using Gateway.Identity;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Identity;

/// <summary>ASP.NET Core's authorization services stay as the framework registers them, so a handler of any lifetime works.</summary>
public sealed class AuthorizationHandlerTests
{
    /// <summary>A room rule of a school's own, made per request (as a handler that reads a scoped service is).</summary>
    sealed class BlockedUserHandler : AuthorizationHandler<RoomMemberRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoomMemberRequirement requirement)
        {
            if (context.User.FindFirst("sub")?.Value == "blocked-1")
            {
                context.Fail(new AuthorizationFailureReason(this, "This user is blocked from every room."));
            }
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AScopedAuthorizationHandlerJudgesEveryRequest()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl)
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddScoped<IAuthorizationHandler, BlockedUserHandler>()));
        using var blocked = gateway.CreateClient();
        blocked.DefaultRequestHeaders.Authorization = new("Bearer", new TestJwt { Subject = "blocked-1", Rooms = new[] { "room-1" } }.Sign());
        using var member = gateway.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());

        var refused = await blocked.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
        var allowed = await member.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("This user is blocked from every room.", (await refused.ReadJson()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Single(upstream.Requests);
    }
}
