using System.Net;
using System.Text;
using Classroom.Agora;
using Gateway.Security;
using Gateway.Tests.Support;

namespace Gateway.Tests.Security;

/// <summary>
/// A body's transfer codings (RFC 9112 §6.1), sent over a real socket: Kestrel takes the chunking off and refuses a final
/// coding other than <c>chunked</c> itself, so every coding listed before it is the gateway's to refuse.
/// </summary>
public sealed class TransferCodingTests
{
    const string Body = """{"properties":{"topic":"Optics"}}""";

    const string Properties = "/api/v1/rooms/room-1/properties";

    const string PassedThrough = "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1/properties";

    static readonly string Chunks = $"{Body.Length:x}\r\n{Body}\r\n0\r\n\r\n";

    /// <summary>
    /// A body in a coding besides the chunking (gzip; <c>identity</c>, which RFC 9112 no longer names; the chunking again,
    /// which RFC 9112 §7 forbids a sender and Kestrel takes off once) reaches the gateway with one chunking taken off and
    /// the rest still on: refused with a 501 problem that says what to send, on a route, through the passthrough and on a
    /// route that takes no body and on a path with none, however the codings are listed, and never forwarded. It was forwarded as if it were plain.
    /// </summary>
    [Theory]
    [InlineData("PUT", Properties, "Transfer-Encoding: gzip, chunked")]
    [InlineData("PUT", PassedThrough, "Transfer-Encoding: gzip, chunked")]
    [InlineData("PUT", Properties, "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked")]
    [InlineData("PUT", PassedThrough, "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked")]
    [InlineData("PUT", Properties, "Transfer-Encoding: identity, chunked")]
    [InlineData("PUT", Properties, "Transfer-Encoding: GZIP ,Chunked")]
    [InlineData("PUT", PassedThrough, "Transfer-Encoding: chunked, chunked")]
    [InlineData("PUT", PassedThrough, "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked")]
    [InlineData("GET", "/api/v1/rooms/room-1/resources", "Transfer-Encoding: gzip, chunked")]
    [InlineData("PUT", "/api/v1/no-such-route", "Transfer-Encoding: gzip, chunked")]
    public async Task ABodyInATransferCodingOtherThanChunkedIsA501ProblemAndNotForwarded(string method, string path, string framing)
    {
        var (answers, forwarded) = await SendAsync((method, path, TestJwt.Admin().Sign(), framing));

        var answer = Assert.Single(answers);
        Assert.Equal(HttpStatusCode.NotImplemented, answer.Status);
        Assert.Contains("Content-Type: application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":501", answer.Body, StringComparison.Ordinal);
        Assert.Contains($"\"detail\":\"{TransferCodings.NotChunkedAlone}\"", RawHttp.Unchunked(answer.Body), StringComparison.Ordinal);
        Assert.Empty(forwarded);
    }

    /// <summary>
    /// A final coding other than <c>chunked</c> leaves the body without an end: Kestrel refuses it itself, with its own 400
    /// (RFC 9112 §6.3), before the gateway sees the request.
    /// </summary>
    [Theory]
    [InlineData("Transfer-Encoding: gzip")]
    [InlineData("Transfer-Encoding: chunked, gzip")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip")]
    public async Task AFinalCodingOtherThanChunkedIsKestrelsOwn400(string framing)
    {
        var (answers, forwarded) = await SendAsync(("PUT", Properties, TestJwt.Admin().Sign(), framing));

        Assert.Equal(HttpStatusCode.BadRequest, Assert.Single(answers).Status);
        Assert.Empty(forwarded);
    }

    /// <summary>A stranger's request gets its 401, and a student's write its 403, before anything about its body.</summary>
    [Fact]
    public async Task AStrangerOrACallerNotAllowedIsRefusedAsSuchBeforeItsCoding()
    {
        const string Coded = "Transfer-Encoding: gzip, chunked";

        var (answers, forwarded) = await SendAsync(("PUT", Properties, "not-a-jwt", Coded), ("PUT", Properties, TestJwt.Student("room-1").Sign(), Coded));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], answers.Select(answer => answer.Status));
        Assert.Empty(forwarded);
    }

    /// <summary>The chunking alone, in any letter case, goes on as ever.</summary>
    [Theory]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("Transfer-Encoding: Chunked")]
    public async Task ChunkedAloneGoesOn(string framing)
    {
        var (answers, forwarded) = await SendAsync(("PUT", PassedThrough, TestJwt.Admin().Sign(), framing));

        Assert.Equal(HttpStatusCode.OK, Assert.Single(answers).Status);
        Assert.Equal(Body, Encoding.UTF8.GetString(Assert.Single(forwarded).Body));
    }

    /// <summary>
    /// Each request, its JSON body in chunks, on a connection of its own to one gateway in front of a recording Agora: the
    /// answers, and what Agora received.
    /// </summary>
    static async Task<(RawHttp.Answer[] Answers, RecordingUpstream.Received[] Forwarded)> SendAsync(
        params (string Method, string Path, string Bearer, string Framing)[] requests)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        var answers = new List<RawHttp.Answer>();
        foreach (var (method, path, bearer, framing) in requests)
        {
            answers.Add(await RawHttp.SendFramedAsync(server, method, path, bearer, framing, Chunks, "Content-Type: application/json"));
        }
        return ([.. answers], [.. upstream.Requests]);
    }
}
