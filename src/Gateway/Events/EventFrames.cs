using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gateway.Attendance;
using Microsoft.AspNetCore.Http.Json;

namespace Gateway.Events;

/// <summary>
/// One event as a room stream writes it: its cursor, its Server-Sent Events item's bytes, and the users it says were kicked
/// out of the room, whose streams it ends.
/// </summary>
public sealed record EventFrame(EventCursor Cursor, byte[] Bytes, string[] Kicked)
{
    public bool Kicks(string userUuid) => Kicked.Length > 0 && Kicked.Contains(userUuid, StringComparer.Ordinal);
}

/// <summary>
/// The bytes of a room stream's items, formatted by <see cref="SseFormatter"/>: <c>id:</c> the event's cursor,
/// <c>event:</c> its cmd, <c>data:</c> its JSON as the API's other answers write it. <see cref="RoomEventHub"/> formats
/// each event once and every stream of its room writes the same bytes, so an open stream holds no formatting buffer of
/// its own between events.
/// </summary>
public sealed class EventFrames(IOptions<JsonOptions> json)
{
    public const string Ping = "ping";
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(2);

    /// <summary>The first item of every stream: a <c>ping</c> that also sets the client's reconnection delay.</summary>
    public static readonly Task<byte[]> Opening =
        FormatAsync(new SseItem<AgoraEvent?>(null, Ping) { ReconnectionInterval = ReconnectAfter }, null);

    /// <summary>What a stream sends when its room has been quiet for a heartbeat: a <c>ping</c> without data.</summary>
    public static readonly Task<byte[]> Heartbeat = FormatAsync(new SseItem<AgoraEvent?>(null, Ping), null);

    /// <summary>
    /// What a resumed stream sends before the events it catches up on when the log trimmed events after its
    /// <c>Last-Event-ID</c> (<see cref="EventLogPage.Missed"/>), and an open one before its next event when the hub missed
    /// events: without data, and without an id, which would move the client's.
    /// </summary>
    public static readonly Task<byte[]> Missed = FormatAsync(new SseItem<AgoraEvent?>(null, "missed"), null);

    /// <summary>
    /// <see cref="Missed"/> as <see cref="RoomEventHub"/> hands it to every open stream when it missed events itself: at the
    /// log's start, a place every stream has passed, so that no stream takes it for an event and moves its last id.
    /// </summary>
    public static readonly Task<EventFrame> MissedByTheHub = FrameOfAsync(Missed);

    static async Task<EventFrame> FrameOfAsync(Task<byte[]> bytes) => new(EventCursor.Start, await bytes, []);

    readonly JsonTypeInfo _event = json.Value.SerializerOptions.GetTypeInfo(typeof(AgoraEvent));

    public async Task<EventFrame> FormatAsync(LoggedEvent logged)
    {
        var cmd = logged.Event.Cmd.ToString(CultureInfo.InvariantCulture);
        return new(logged.Cursor, await FormatAsync(new SseItem<AgoraEvent?>(logged.Event, cmd) { EventId = logged.Cursor.ToString() }, _event),
            UsersChanged.KickedIn(logged.Event));
    }

    static async Task<byte[]> FormatAsync(SseItem<AgoraEvent?> item, JsonTypeInfo? data)
    {
        using var bytes = new MemoryStream();
        await SseFormatter.WriteAsync(new[] { item }.ToAsyncEnumerable(), bytes, (item, writer) =>
        {
            if (item.Data is { } value)
            {
                writer.Write(JsonSerializer.SerializeToUtf8Bytes(value, data!));
            }
        });
        return bytes.ToArray();
    }
}
