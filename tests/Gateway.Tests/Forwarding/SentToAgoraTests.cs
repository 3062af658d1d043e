using System.Net;
using Gateway.Forwarding;
using Gateway.Tests.Support;
using Gateway.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// The gateway's own writes (the join's creation of a room) mark their request as sent to Agora as the forwarder marks
/// the writes it sends, and only as they go out: one held back (no token, the circuit open) is known to have changed nothing.
/// </summary>
public sealed class SentToAgoraTests
{
    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData(UnsentWrites.NoToken, HttpStatusCode.ServiceUnavailable)]
    [InlineData(UnsentWrites.CircuitOpen, HttpStatusCode.ServiceUnavailable)]
    public async Task TheGatewaysOwnWriteMarksItsRequestSentOnlyAsItGoesOut(string? heldBack, HttpStatusCode answered)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var credentials = new FailingCredentials();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { TestServices = credentials.ReplaceIn };
        if (heldBack is not null)
        {
            await UnsentWrites.HoldBackAsync(heldBack, gateway, upstream, credentials);
        }
        var request = new DefaultHttpContext();
        var room = gateway.Services.GetRequiredService<AgoraUpstream>().AppPath("v2", "rooms", "room-1");

        var answer = await gateway.Services.GetRequiredService<AgoraServiceCalls>()
            .WriteAsync(request, HttpMethod.Post, room, "teacher-1", """{"roomName":"a","roomType":4}"""u8.ToArray(), Json.Cancel);

        Assert.Equal((int)answered, answer.Status);
        Assert.Equal(heldBack is null, upstream.Requests.Any(r => r.Method == "POST"));
        Assert.Equal(heldBack is null, request.Features.Get<SentToAgora>() is not null);
    }
}
