using System.Net;
using System.Text;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Deploy;

/// <summary>
/// The shipped <c>nginx.conf</c> in front of two gateways when the first fails with a request in hand: a read goes on to
/// the other instance, a write reaches Agora once at most, as nginx would otherwise resend a PUT or DELETE (idempotent in
/// HTTP, not at Agora).
/// </summary>
public sealed class NginxFailoverTests
{
    const string Room = """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"maths","roomName":"Maths","roomProperties":{"roomType":4},"state":0}}""";

    /// <summary>Agora's stand-in: it holds the first call it is sent until the caller goes away, and answers every other.</summary>
    static async Task<(RecordingUpstream Agora, Task FirstArrived)> AgoraHoldingTheFirstCallAsync()
    {
        var agora = await RecordingUpstream.StartAsync();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agora.Respond = async context =>
        {
            if (first.TrySetResult())
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await RecordingUpstream.Reply(context, 200, HttpMethods.IsGet(context.Request.Method) ? Room
                : """{"code":0,"msg":"Success","ts":1,"data":null}""");
        };
        return (agora, first.Task);
    }

    static HttpClient TeacherThrough(Nginx nginx)
    {
        var client = nginx.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(150);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("maths").Sign());
        return client;
    }

    static HttpRequestMessage Request(string method, string path, string? body) => new(new HttpMethod(method), path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };

    /// <summary>
    /// Sends <paramref name="send"/> through nginx to the first gateway, a real process, and kills it once its call is at
    /// Agora: nginx sees its connection close before any answer. Answers what the client got and the methods Agora saw.
    /// </summary>
    static async Task<(HttpResponseMessage Answer, string[] AtAgora)> KillTheFirstGatewayWithItsCallAtAgoraAsync(
        Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var (agora, firstArrived) = await AgoraHoldingTheFirstCallAsync();
        await using var _ = agora;
        await using var dying = await GatewayProcess.StartAsync(EventTestSettings.ProcessEnvironment(agora.BaseUrl, ("Events:PollingEnabled", "false")));
        await using var other = GatewayFactory.InFrontOf(agora.BaseUrl);
        await using var nginx = await Nginx.StartInFrontOfAsync(dying.BaseUrl!, other.StartOnASocket());
        using var teacher = TeacherThrough(nginx);

        var answer = send(teacher);
        await firstArrived.WaitAsync(TimeSpan.FromSeconds(60), Json.Cancel);
        dying.Kill();
        var response = await answer;
        await response.Content.LoadIntoBufferAsync(Json.Cancel);
        return (response, agora.Requests.Select(r => r.Method).ToArray());
    }

    /// <summary>The client gets nginx's 502 and can find out what happened; the class is not set started twice.</summary>
    [Theory]
    [InlineData("PUT", "/api/v1/rooms/maths/states/1", null)]
    [InlineData("DELETE", "/api/v1/rooms/maths/properties", """{"properties":["quiz"]}""")]
    public async Task AWriteWhoseGatewayDiesAfterCallingAgoraIsNotSentThroughTheOther(string method, string path, string? body)
    {
        var (answer, atAgora) = await KillTheFirstGatewayWithItsCallAtAgoraAsync(teacher => teacher.SendAsync(Request(method, path, body), Json.Cancel));

        Assert.Equal([method], atAgora);
        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
    }

    /// <summary>
    /// A write that outlasts nginx's read timeout (shortened here to 2 s, below the gateway's 10 s bound on Agora) is not
    /// sent through the other instance either: the client gets nginx's 504.
    /// </summary>
    [Fact]
    public async Task AWriteThatOutlastsNginxsReadTimeoutIsNotSentThroughTheOther()
    {
        var (agora, _) = await AgoraHoldingTheFirstCallAsync();
        await using var __ = agora;
        await using var slow = GatewayFactory.InFrontOf(agora.BaseUrl);
        await using var other = GatewayFactory.InFrontOf(agora.BaseUrl);
        string ShortTimeout(string configuration)
        {
            Assert.Contains("proxy_read_timeout 60s;", configuration);
            return configuration.Replace("proxy_read_timeout 60s;", "proxy_read_timeout 2s;", StringComparison.Ordinal);
        }
        await using var nginx = await Nginx.StartInFrontOfAsync(slow.StartOnASocket(), other.StartOnASocket(), ShortTimeout);
        using var teacher = TeacherThrough(nginx);

        var status = (await teacher.SendAsync(Request("PUT", "/api/v1/rooms/maths/states/1", null), Json.Cancel)).StatusCode;

        Assert.Equal(["PUT"], agora.Requests.Select(r => r.Method));
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
    }

    [Fact]
    public async Task AReadWhoseGatewayDiesInFlightIsAnsweredByTheOther()
    {
        var (answer, atAgora) = await KillTheFirstGatewayWithItsCallAtAgoraAsync(teacher => teacher.GetAsync("/api/v1/rooms/maths", Json.Cancel));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"Maths\"", await answer.Content.ReadAsStringAsync(Json.Cancel), StringComparison.Ordinal);
        Assert.Equal(["GET", "GET"], atAgora);
    }

    /// <summary>
    /// A write that meets a stopped instance goes on to the other, as a read does: it was never sent, and nginx resends a
    /// write (a POST on its way) only then.
    /// </summary>
    [Fact]
    public async Task AWriteThatMeetsAStoppedGatewayGoesOnToTheOtherOnce()
    {
        await using var agora = await RecordingUpstream.StartAsync();
        await using var other = GatewayFactory.InFrontOf(agora.BaseUrl);
        using var stoppedGateway = new RefusingPort();
        var stopped = stoppedGateway.Url;
        await using var nginx = await Nginx.StartInFrontOfAsync(stopped, other.StartOnASocket());
        using var teacher = TeacherThrough(nginx);

        var status = (await teacher.SendAsync(Request("PUT", "/api/v1/rooms/maths/states/1", null), Json.Cancel)).StatusCode;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["PUT"], agora.Requests.Select(r => r.Method));
    }

    /// <summary>
    /// A gateway whose address takes no connection (a node gone without a word, a firewall dropping its packets) holds a
    /// request only as long as a connection takes to be made, not nginx's default minute: then the read and the write, never
    /// sent, go on to the other instance, well within a client's patience.
    /// </summary>
    [Theory]
    [InlineData("GET", null)]
    [InlineData("PUT", """{"properties":{"quiz":1}}""")]
    public async Task ARequestMeetingAGatewayThatTakesNoConnectionGoesOnToTheOtherSoon(string method, string? body)
    {
        using var silent = await UnacceptingHost.StartAsync();
        await using var other = await RecordingUpstream.StartAsync();
        await using var nginx = await Nginx.StartInFrontOfAsync(silent.BaseUrl, other.BaseUrl);
        using var client = nginx.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        using var answer = await client.SendAsync(Request(method, "/api/v1/rooms/maths/properties", body), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal([method], other.Requests.Select(r => r.Method));
    }

    /// <summary>
    /// A write reaches a gateway as a read does: its own method, path, body and type, the client's host, address and scheme
    /// as nginx's first hop set them, and nothing of the hop it takes through nginx. Over HTTP/1.1 and HTTP/2 from the client,
    /// as Compose's nginx serves both.
    /// </summary>
    [Theory]
    [InlineData("GET", null, false)]
    [InlineData("GET", null, true)]
    [InlineData("PUT", """{"properties":{"quiz":1}}""", false)]
    [InlineData("PUT", """{"properties":{"quiz":1}}""", true)]
    [InlineData("DELETE", """{"properties":["quiz"]}""", false)]
    [InlineData("DELETE", """{"properties":["quiz"]}""", true)]
    [InlineData("PATCH", """{"onhold":true}""", false)]
    [InlineData("PATCH", """{"onhold":true}""", true)]
    [InlineData("POST", """{"roomName":"Maths","roomType":4}""", false)]
    [InlineData("POST", """{"roomName":"Maths","roomType":4}""", true)]
    public async Task ARequestReachesTheGatewayAsTheClientSentIt(string method, string? body, bool http2)
    {
        await using var gateway = await RecordingUpstream.StartAsync();
        await using var nginx = await Nginx.StartInFrontOfAsync(gateway.BaseUrl, http2 ? Nginx.Http2 : null);
        using var client = nginx.CreateClient(http2 ? HttpVersion.Version20 : HttpVersion.Version11);

        using var answer = await client.SendAsync(Request(method, "/api/v1/rooms/maths/properties?x=1", body), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(http2 ? HttpVersion.Version20 : HttpVersion.Version11, answer.Version);
        var received = Assert.Single(gateway.Requests);
        Assert.Equal(method, received.Method);
        Assert.Equal("/api/v1/rooms/maths/properties?x=1", received.RawTarget);
        Assert.Equal(body ?? "", Encoding.UTF8.GetString(received.Body));
        Assert.Equal(body is null ? null : "application/json; charset=utf-8", received.Header("content-type"));
        Assert.Equal(nginx.Tls.Host, received.Header("host"));
        Assert.Equal("127.0.0.1", received.Header("x-forwarded-for"));
        Assert.Equal("https", received.Header("x-forwarded-proto"));
        Assert.Equal(nginx.Tls.Host, received.Header("x-forwarded-host"));
        Assert.DoesNotContain(received.Headers.Keys, name => name.StartsWith("x-write", StringComparison.Ordinal));
    }
}
