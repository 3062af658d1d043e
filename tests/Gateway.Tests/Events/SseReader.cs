using System.Text;
using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>A Server-Sent Events client over an open response: reads one message (or comment) at a time.</summary>
public sealed class SseReader : IAsyncDisposable
{
    public sealed record Message(string? Id, string? Event, string? Data, string? Comment, int? Retry);

    readonly HttpResponseMessage _response;
    readonly StreamReader _reader;

    SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        return new SseReader(response, await response.Content.ReadAsStreamAsync(Json.Cancel));
    }

    /// <summary>The next message or comment; null when the stream ended. Bounded at 30 s so a test never hangs.</summary>
    public async Task<Message?> ReadAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Json.Cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        string? id = null, name = null, comment = null;
        int? retry = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is null && name is null && data.Count == 0 && comment is null && retry is null)
                {
                    continue;
                }
                return new Message(id, name, data.Count > 0 ? string.Join('\n', data) : null, comment, retry);
            }
            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Add(value); break;
                case "retry": retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        return null;
    }

    /// <summary>The next message but pings and comments: an event, or a <c>missed</c>; within 20 s.</summary>
    public Task<Message> ReadNotPingAsync() => Task.Run(async () =>
    {
        while (true)
        {
            var message = await ReadAsync() ?? throw new InvalidOperationException("The stream ended.");
            if (message.Event is not null and not "ping")
            {
                return message;
            }
        }
    }).WaitAsync(TimeSpan.FromSeconds(20), Json.Cancel);

    /// <summary>
    /// The next message that carries an event, skipping comments, pings and a <c>missed</c> item, which carries none: an
    /// instance whose log went back in a failover says it (it cannot tell whether the events it re-appends are all), and a
    /// test of what a stream carries reads on. Tests of <c>missed</c> itself read with <see cref="ReadAsync"/> or <see cref="ReadNotPingAsync"/>.
    /// </summary>
    public async Task<Message> ReadEventAsync()
    {
        while (true)
        {
            var message = await ReadAsync() ?? throw new InvalidOperationException("The stream ended.");
            if (message.Event is not "ping" and not "missed" && message.Data is not null)
            {
                return message;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
