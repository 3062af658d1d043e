using System.Text.Json;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Browser;

/// <summary>
/// A school's web page in headless Chromium, on its own origin (allowed by <c>Cors:AllowedOrigins</c>), follows a room
/// with the browser's native <c>EventSource</c>, which cannot send an <c>Authorization</c> header: it asks for a ticket
/// with its JWT, then opens the stream with the ticket.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class EventSourceBrowserTests
{
    const string Page = """
        <!doctype html>
        <html><body><script>
        window.received = [];
        window.opened = false;
        window.listen = async ([gateway, jwt]) => {
          const answer = await fetch(gateway + '/api/v1/rooms/room-1/events/ticket', { method: 'POST', headers: { Authorization: 'Bearer ' + jwt } });
          const ticket = (await answer.json()).data.ticket;
          const source = new EventSource(gateway + '/api/v1/rooms/room-1/events/stream?ticket=' + encodeURIComponent(ticket));
          source.addEventListener('ping', () => { window.opened = true; });
          source.addEventListener('1', event => window.received.push(event.data));
          return answer.status;
        };
        </script></body></html>
        """;

    [Fact]
    public async Task ASchoolPageFollowsARoomWithANativeEventSourceAndATicket()
    {
        await using var school = await RecordingUpstream.StartAsync();
        school.Respond = context => RecordingUpstream.Reply(context, 200, Page, "text/html");
        await using var queue = await FakeEventQueue.StartAsync();
        var origin = school.BaseUrl.GetLeftPart(UriPartial.Authority);
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(null, ("Cors:AllowedOrigins:0", origin)));
        var gatewayUrl = gateway.StartOnASocket().ToString().TrimEnd('/');

        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new());
        await page.GotoAsync(school.BaseUrl.ToString());
        var ticketStatus = await page.EvaluateAsync<int>("args => window.listen(args)", new[] { gatewayUrl, TestJwt.Student("room-1").Sign() });
        await page.WaitForFunctionAsync("() => window.opened");
        queue.Produce("room-2", 2);
        var produced = queue.Produce("room-1", 3);
        await page.WaitForFunctionAsync("() => window.received.length >= 3");
        var received = await page.EvaluateAsync<string[]>("() => window.received");

        Assert.Equal(200, ticketStatus);
        Assert.Equal(produced.Select(EventLogClient.ToEntry), received.Select(data => EventLogClient.ToEntry(JsonDocument.Parse(data).RootElement)));
    }
}
