using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Events;

/// <summary>
/// Server-Sent Events of one room from <paramref name="after"/> on: <c>id:</c> the event's cursor (so a reconnecting
/// client resumes with <c>Last-Event-ID</c>), <c>event:</c> its cmd, <c>data:</c> the event. A comment line keeps
/// idle connections open. The stream ends when the client goes, or (for the client to reconnect) when the log fails.
/// </summary>
public sealed class RoomEventStream(string roomUuid, EventCursor after) : IResult, IEndpointMetadataProvider
{
    const int PageSize = 200;
    const int ReconnectMilliseconds = 2000;

    public async Task ExecuteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var log = services.GetRequiredService<IEventLog>();
        var time = services.GetRequiredService<TimeProvider>();
        var heartbeat = services.GetRequiredService<IOptions<EventsOptions>>().Value.Heartbeat;
        var aborted = context.RequestAborted;

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var body = context.Response.Body;
        await Write(body, $"retry: {ReconnectMilliseconds}\n\n", aborted);

        var cursor = after;
        var lastWrite = time.GetTimestamp();
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var page = await log.WaitForPageAsync(cursor, PageSize, heartbeat, time, aborted);
                var wrote = false;
                foreach (var logged in page.Events.Where(e => e.Event.RoomUuid == roomUuid))
                {
                    await Write(body, Format(logged), aborted);
                    wrote = true;
                }
                cursor = page.Next;
                if (!wrote && time.GetElapsedTime(lastWrite) >= heartbeat)
                {
                    await Write(body, ": ping\n\n", aborted);
                    wrote = true;
                }
                if (wrote)
                {
                    lastWrite = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went.
        }
        catch (EventLogUnavailableException)
        {
            // Ends the stream; the client reconnects after "retry" with its Last-Event-ID.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
    }

    static string Format(LoggedEvent logged) =>
        $"id: {logged.Cursor}\nevent: {logged.Event.Cmd}\ndata: {JsonSerializer.Serialize(logged.Event)}\n\n";

    static async Task Write(Stream body, string text, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));
}
