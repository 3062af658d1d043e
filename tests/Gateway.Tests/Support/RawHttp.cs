using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>
/// One HTTP/1.1 request written to a socket exactly as given: no client library normalises its target (HttpClient
/// resolves dot segments and may unescape) or frames its body, as an attacker's client would not.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(HttpStatusCode Status, string Head, string Body);

    /// <summary>Sends the request and reads the answer to its end; <paramref name="headers"/> are whole header lines.</summary>
    public static Task<Answer> SendAsync(Uri server, string method, string target, string bearer,
        string connection = "close", params string[] headers) =>
        ExchangeAsync(server, Head(server, method, target, bearer, "Content-Length: 0", connection, headers));

    /// <summary>
    /// Sends the request with a chunked body written exactly as <paramref name="chunks"/> spells it, chunk-size lines and
    /// all, and reads the answer to its end.
    /// </summary>
    public static Task<Answer> SendChunkedAsync(Uri server, string method, string target, string bearer, string chunks,
        params string[] headers) =>
        SendFramedAsync(server, method, target, bearer, "Transfer-Encoding: chunked", chunks, headers);

    /// <summary>
    /// Sends the request with its body framed by <paramref name="framing"/>, whole header lines as sent (one or more
    /// <c>Transfer-Encoding</c> lines, say), and <paramref name="body"/> written after the head exactly as given.
    /// </summary>
    public static Task<Answer> SendFramedAsync(Uri server, string method, string target, string bearer, string framing, string body,
        params string[] headers) =>
        ExchangeAsync(server, Head(server, method, target, bearer, framing, "close", headers) + body);

    /// <summary>
    /// Sends the request with a body that declares <paramref name="declaredLength"/> bytes and stops after
    /// <paramref name="sent"/>, its connection held open, as a stalled client's; reads the answer to its end.
    /// </summary>
    public static Task<Answer> SendStalledAsync(Uri server, string method, string target, string bearer, string sent, int declaredLength,
        params string[] headers) =>
        ExchangeAsync(server, Head(server, method, target, bearer, $"Content-Length: {declaredLength}", "close", headers) + sent);

    /// <summary>The content of an answer's body sent in chunks, its chunk-size lines taken out.</summary>
    public static string Unchunked(string body)
    {
        var content = new StringBuilder();
        var at = 0;
        while (body.IndexOf("\r\n", at, StringComparison.Ordinal) is var end and > 0
            && int.Parse(body[at..end], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) is var size and > 0)
        {
            content.Append(body, end + 2, size);
            at = end + 2 + size + 2;
        }
        return content.ToString();
    }

    /// <summary>A request's head as written: its line, <c>Host</c>, the bearer, the body's framing, <c>Connection</c> and <paramref name="headers"/>.</summary>
    public static string Head(Uri server, string method, string target, string bearer, string framing, string connection, params string[] headers) =>
        $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {bearer}\r\n"
        + $"{framing}\r\nConnection: {connection}\r\n{string.Concat(headers.Select(header => header + "\r\n"))}\r\n";

    static async Task<Answer> ExchangeAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, Json.Cancel);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Json.Cancel);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync(Json.Cancel);
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? answer : answer[..split];
        var status = (HttpStatusCode)int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new Answer(status, head, split < 0 ? "" : answer[(split + 4)..]);
    }
}
