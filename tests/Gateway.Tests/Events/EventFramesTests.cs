using System.Net.ServerSentEvents;
using Classroom.Agora.Models;
using System.Text;
using System.Text.Json;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>A room stream writes frames formatted once per event: each must be what ASP.NET Core's own Server-Sent Events result writes for the item.</summary>
public sealed class EventFramesTests
{
    [Fact]
    public async Task AnEventsFrameIsWhatTheFrameworksServerSentEventsResultWritesForIt()
    {
        await using var gateway = new GatewayFactory();
        var services = gateway.Services;
        var data = JsonSerializer.SerializeToElement(new { message = "<b>\"Ünï\"</b>\nline two & more", sender = new { userUuid = "s-1" } });
        var logged = new LoggedEvent(new EventCursor(1796, 3), new AgoraEvent("room-1", 3, 42, 1, data), DateTimeOffset.UnixEpoch);

        var frame = await services.GetRequiredService<EventFrames>().FormatAsync(logged);

        Assert.Equal(logged.Cursor, frame.Cursor);
        Assert.Equal(await FrameworkWritesAsync(services, new SseItem<AgoraEvent?>(logged.Event, "3") { EventId = logged.Cursor.ToString() }),
            Encoding.UTF8.GetString(frame.Bytes));
    }

    [Fact]
    public async Task TheOpeningAndHeartbeatPingsAreWhatTheFrameworksResultWritesForThem()
    {
        await using var gateway = new GatewayFactory();
        var services = gateway.Services;

        Assert.Equal(await FrameworkWritesAsync(services, new SseItem<AgoraEvent?>(null, "ping") { ReconnectionInterval = TimeSpan.FromSeconds(2) }),
            Encoding.UTF8.GetString(await EventFrames.Opening));
        Assert.Equal(await FrameworkWritesAsync(services, new SseItem<AgoraEvent?>(null, "ping")), Encoding.UTF8.GetString(await EventFrames.Heartbeat));
    }

    static async Task<string> FrameworkWritesAsync(IServiceProvider services, SseItem<AgoraEvent?> item)
    {
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = body;
        await TypedResults.ServerSentEvents(new[] { item }.ToAsyncEnumerable()).ExecuteAsync(context);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
