using System.Globalization;
using System.Net;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Forwarding;

/// <summary>The settings every call to Agora is made with (docs/security.md, "One HTTP client definition").</summary>
public sealed class AgoraClientSettingsTests
{
    /// <summary>
    /// Every call to Agora goes to <c>Agora:BaseUrl</c> itself, never through a proxy the environment names (Docker passes
    /// the daemon's proxy settings into every container): a forward proxy would see each call's app token, and a
    /// deployment that needs one in front of Agora names it as the base URL. A separate process, because the runtime reads
    /// the proxy variables once per process.
    /// </summary>
    [Fact]
    public async Task CallsToAgoraGoPastAProxyTheEnvironmentNames()
    {
        await using var proxy = await RecordingUpstream.StartAsync();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 200,
            """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-1","roomName":"Maths","state":1,"createTime":1,"roomProperties":{"roomType":4}}}""");
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl);
        foreach (var variable in new[] { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
        {
            environment[variable] = proxy.BaseUrl.GetLeftPart(UriPartial.Authority);
        }
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());

        // The forwarder's client, the join's own read of the room, and the event poller's client.
        var forwarded = await teacher.GetAsync("/api/v1/rooms/room-1/sequences", Json.Cancel);
        var joined = await teacher.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel);
        var polled = await Poll.Until(() => Task.FromResult(upstream.Requests.Any(r => r.RawTarget.Contains("/polling/", StringComparison.Ordinal))),
            seen => seen);

        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.True(polled);
        Assert.Empty(proxy.Requests);
        Assert.Equal(0, proxy.Arrived);
    }

    /// <summary>
    /// Both clients' connections are replaced every 5 minutes, so that a change of Agora's addresses is followed; the
    /// clock of a pooled connection is the handler's own, so the handler each client is built on is what is read here.
    /// </summary>
    [Theory]
    [InlineData(Upstream.AgoraHttpClients.Forwarder)]
    [InlineData(Upstream.AgoraHttpClients.Service)]
    public void EachClientsConnectionsAreRenewedEveryFiveMinutes(string client)
    {
        using var gateway = new GatewayFactory();

        var sockets = HandlerOf(gateway, client);
        Assert.Equal(TimeSpan.FromMinutes(5), sockets.PooledConnectionLifetime);
        Assert.False(sockets.UseProxy);
        Assert.Equal(DecompressionMethods.None, sockets.AutomaticDecompression);
    }

    /// <summary>
    /// Connecting has a bound of its own within <c>Agora:TimeoutSeconds</c>: 5 s, or the whole bound when that is less.
    /// The bound is the handler's own, read as above.
    /// </summary>
    [Theory]
    [InlineData(Upstream.AgoraHttpClients.Forwarder, 10, 5)]
    [InlineData(Upstream.AgoraHttpClients.Service, 10, 5)]
    [InlineData(Upstream.AgoraHttpClients.Forwarder, 2, 2)]
    [InlineData(Upstream.AgoraHttpClients.Service, 2, 2)]
    public void EachClientGivesUpConnectingAfterFiveSecondsOrTheWholeBoundIfLess(string client, int timeoutSeconds, int connectSeconds)
    {
        using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Agora:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture) });

        var sockets = HandlerOf(gateway, client);
        Assert.Equal(TimeSpan.FromSeconds(connectSeconds), sockets.ConnectTimeout);
    }

    /// <summary>The handler at the bottom of <paramref name="client"/>'s chain, the one that makes its connections.</summary>
    static SocketsHttpHandler HandlerOf(GatewayFactory gateway, string client)
    {
        var handler = gateway.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(client);
        while (handler is DelegatingHandler outer)
        {
            handler = outer.InnerHandler!;
        }
        return Assert.IsType<SocketsHttpHandler>(handler);
    }
}
