using System.Net;
using System.Net.Sockets;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// The factory that takes a stream ticket out of the query before anything reads it keeps, as the framework's own
/// factory lets hosting keep, one request context per connection, and nothing of one request reaches the next.
/// </summary>
public sealed class TicketQueryRedactionTests
{
    static FeatureCollection Connection(string query)
    {
        const string path = "/api/v1/rooms/room-1/events/stream";
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature { Path = path, QueryString = query, RawTarget = path + query });
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        return features;
    }

    [Fact]
    public async Task EachConnectionKeepsOneContextForItsRequestsAndNoTicketOfTheLast()
    {
        await using var gateway = new GatewayFactory();
        var factory = Assert.IsType<TicketQueryRedaction>(gateway.Services.GetRequiredService<IHttpContextFactory>());
        var connection = Connection("?ticket=first-ticket&x=1");

        var first = factory.Create(connection);
        Assert.Equal("?ticket=redacted&x=1", first.Request.QueryString.Value);
        Assert.Equal("first-ticket", first.Features.Get<PresentedTicket>()?.Value);
        factory.Dispose(first);
        Assert.Throws<ObjectDisposedException>(() => first.Features);

        connection.Get<IHttpRequestFeature>()!.QueryString = "?x=2";
        var second = factory.Create(connection);
        Assert.Same(first, second);
        Assert.Equal("?x=2", second.Request.QueryString.Value);
        Assert.Null(second.Features.Get<PresentedTicket>());
        Assert.Same(gateway.Services.GetRequiredService<IServiceScopeFactory>(), ((DefaultHttpContext)second).ServiceScopeFactory);

        var other = factory.Create(Connection("?x=3"));
        Assert.NotSame(second, other);
        Assert.Equal("?x=3", other.Request.QueryString.Value);
    }

    /// <summary>
    /// A value is taken for a token by its shape only when it is longer than any value a route reads: Agora's <c>nextId</c>
    /// at its longest, 128 characters, goes on as it came even when it starts as a token does.
    /// </summary>
    [Theory]
    [InlineData("007e")]
    [InlineData("eyJ0.")]
    public void ATokenShapedValueIsRedactedOnlyWhenLongerThanAnyValueARouteReads(string start)
    {
        using var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        var factory = new TicketQueryRedaction(services);
        var longest = start + new string('a', Gateway.Forwarding.PageQuery.MaxNextIdLength - start.Length);

        var kept = factory.Create(Connection($"?nextId={longest}"));
        var redacted = factory.Create(Connection($"?nextId={longest}a"));

        Assert.Equal($"?nextId={longest}", kept.Request.QueryString.Value);
        Assert.Equal("?nextId=redacted", redacted.Request.QueryString.Value);
        Assert.Equal("/api/v1/rooms/room-1/events/stream?nextId=redacted", redacted.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
    }

    /// <summary>
    /// A JWT a client put in the query with no name (<c>?eyJ…</c>, or <c>?=eyJ…</c>) or after its scheme (<c>Bearer eyJ…</c>,
    /// the <c>Authorization</c> header's value written as a parameter) is a bearer token too: hosting's request lines, the
    /// forwarder's and the passthrough's call to Agora would carry it on as it came.
    /// </summary>
    [Theory]
    [InlineData("?{0}", "?redacted")]
    [InlineData("?x=1&{0}", "?x=1&redacted")]
    [InlineData("?={0}", "?=redacted")]
    [InlineData("?authorization=Bearer%20{0}", "?authorization=redacted")]
    [InlineData("?authorization=bearer+{0}&x=1", "?authorization=redacted&x=1")]
    public void AJwtWithoutANameOrAfterItsSchemeIsRedacted(string query, string redacted)
    {
        using var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        var factory = new TicketQueryRedaction(services);
        var jwt = TestJwt.Teacher("room-1").Sign();

        var context = factory.Create(Connection(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, jwt)));

        Assert.Equal(redacted, context.Request.QueryString.Value);
        Assert.Equal("/api/v1/rooms/room-1/events/stream" + redacted, context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
    }

    [Fact]
    public void WithAnAccessorRegisteredEveryRequestGetsAContextOfItsOwn()
    {
        using var services = new ServiceCollection().AddOptions().AddHttpContextAccessor().BuildServiceProvider();
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        var factory = new TicketQueryRedaction(services);
        var connection = Connection("?x=1");

        var first = factory.Create(connection);
        Assert.Same(first, accessor.HttpContext);
        factory.Dispose(first);
        Assert.Null(accessor.HttpContext);
        var second = factory.Create(connection);

        Assert.NotSame(first, second);
        Assert.Same(second, accessor.HttpContext);
        Assert.Equal("?x=1", first.Request.QueryString.Value);
    }

    [Fact]
    public async Task OnOneRealConnectionARequestAfterOneWithATicketPresentsNone()
    {
        await using var gateway = new GatewayFactory();
        var address = gateway.StartOnASocket();
        var connections = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancel) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = address };
        const string stream = "/api/v1/rooms/room-1/events/stream";

        // Each answer read whole, so that the second request goes on the connection the first used.
        var withTicket = await client.GetAsync(stream + "?ticket=not-a-ticket", Json.Cancel);
        var without = await client.GetAsync(stream, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, withTicket.StatusCode);
        Assert.Contains("ticket", (await withTicket.ReadJson()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.DoesNotContain("ticket", await without.Content.ReadAsStringAsync(Json.Cancel), StringComparison.OrdinalIgnoreCase);
        // A request the server could not take on the kept connection would have been sent again on a new one.
        Assert.Equal(1, connections);
    }
}
