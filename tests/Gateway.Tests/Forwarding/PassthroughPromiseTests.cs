using System.Net;
using System.Text;
using Classroom.Agora;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Forwarding;

/// <summary>The admins' passthrough keeps the gateway's promises: cached lists stay fresh, and a path means one thing.</summary>
public sealed class PassthroughPromiseTests
{
    static readonly string App = $"/edu/apps/{AgoraSandbox.AppId}/v1/rooms";

    [Theory]
    [InlineData("PUT", "/room-1/resources/doc-1")]
    [InlineData("DELETE", "/room-1/resources")]
    public async Task AWriteToARoomsResourcesThroughThePassthroughMakesEveryInstancesNextReadFresh(string method, string path)
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var first = await cluster.AddConnectedInstanceAsync();
        var second = await cluster.AddConnectedInstanceAsync();
        using var studentOnFirst = first.CreateClient(TestJwt.Student("room-1").Sign());
        using var studentOnSecond = second.CreateClient(TestJwt.Student("room-1").Sign());
        using var adminOnSecond = second.CreateClient(TestJwt.Admin().Sign());
        await ReadAsync(studentOnFirst);
        var cached = new[] { await ReadAsync(studentOnFirst), await ReadAsync(studentOnSecond) };

        var write = await adminOnSecond.SendAsync(new HttpRequestMessage(new HttpMethod(method), App + path)
        {
            Content = new StringContent("""{"resourceUuid":["doc-0"]}""", Encoding.UTF8, "application/json"),
        }, Json.Cancel);
        var afterOnFirst = await ReadAsync(studentOnFirst);
        var afterOnSecond = await ReadAsync(studentOnSecond);

        Assert.All(cached, read => Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), read));
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), afterOnFirst);
        Assert.Equal((HttpStatusCode.OK, ChangingResources.ListBody(1)), (afterOnSecond.Status, afterOnSecond.Body));
    }

    /// <summary>
    /// Swagger UI and generated clients encode the path's slashes, and a server routing as ASP.NET Core does takes the API's
    /// words in any case and decoded: the write still names its room's list. A room may be called "sequences".
    /// </summary>
    [Theory]
    [InlineData("PUT", "/rooms%2Froom-1%2Fresources%2Fdoc-1", "room-1")]
    [InlineData("DELETE", "/rooms%2froom-1%2Fresources", "room-1")]
    [InlineData("PUT", "/Rooms/room-1/Resources/doc-1", "room-1")]
    [InlineData("DELETE", "/ROOMS/room-1/RESOURCES", "room-1")]
    [InlineData("PUT", "/r%6Foms/room-1/r%65sources/doc-1", "room-1")]
    [InlineData("PUT", "/rooms/sequences/resources/doc-1", "sequences")]
    public async Task AWriteWhoseSlashesAreEncodedMakesTheNextReadFreshToo(string method, string path, string room)
    {
        var resources = new ChangingResources();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = resources.Respond;
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        using var student = gateway.CreateClient(TestJwt.Student(room).Sign());
        await ReadAsync(student, room);
        var cached = await ReadAsync(student, room);

        var write = await RawHttp.SendAsync(server, method, $"/edu/apps/{AgoraSandbox.AppId}/v1" + path, TestJwt.Admin().Sign());
        var after = await ReadAsync(student, room);

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), cached);
        Assert.Equal(HttpStatusCode.OK, write.Status);
        Assert.Equal((HttpStatusCode.OK, "MISS", ChangingResources.ListBody(1)), after);
    }

    [Fact]
    public async Task AReadOrAnotherRoutesWriteThroughThePassthroughKeepsTheCachedList()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var gateway = await cluster.AddConnectedInstanceAsync();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        await ReadAsync(student);

        await admin.GetAsync(App + "/room-1/resources", Json.Cancel);
        await admin.PutAsync(App + "/room-1/states/1", null, Json.Cancel);
        var after = await ReadAsync(student);

        Assert.Equal((HttpStatusCode.OK, "HIT", ChangingResources.ListBody(0)), after);
    }

    [Theory]
    [InlineData("/room-1%2F..%2Fother/resources")]
    [InlineData("/room-1%2f%2Fx/resources")]
    [InlineData("/room-1%5C..%5Cother/resources")]
    [InlineData("/room-1%5cx/resources")]
    [InlineData("/./room-1/resources")]
    [InlineData("/room-1/../other/resources")]
    [InlineData("/room-1/%2E%2E/other/resources")]
    [InlineData("/room-1/..;/other/resources")]
    [InlineData("/room-1/%2e%2E;x=1/other/resources")]
    [InlineData("/.;/room-1/resources")]
    [InlineData("/room-1;v=1/resources/doc-1")]
    [InlineData("/room-1/resources;v=1")]
    [InlineData("/room-1/users/u;1/exit")]
    [InlineData("/room-1//resources")]
    [InlineData("/room-1/resources/")]
    public async Task APathWithEncodedSeparatorsDotSegmentsOrEmptySegmentsIsRefusedBeforeForwarding(string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, "DELETE", App + path, TestJwt.Admin().Sign());

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"path\"", answer.Body, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// An escape that is not UTF-8 is refused in the passthrough's path and query as on every API route: a malformed one
    /// (<c>%zz</c>, a lone <c>%</c>) reached Agora rewritten as <c>%25zz</c>, not as sent, and <c>r%FF</c> was sent as the
    /// byte it escapes while the gateway cached and audited the room that <c>r%25FF</c> spells.
    /// </summary>
    [Theory]
    [InlineData("/room-1/resources/doc%FF", "path")]
    [InlineData("/room-1/resources/doc%zz", "path")]
    [InlineData("/room-1/resources/doc%", "path")]
    [InlineData("/room-1/resources/doc-1?x=%zz", "query")]
    [InlineData("/room-1/resources/doc-1?x=%C3", "query")]
    public async Task AnEscapeThatIsNotUtf8IsRefusedBeforeForwarding(string path, string field)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, "DELETE", App + path, TestJwt.Admin().Sign());

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains($"\"{field}\"", answer.Body, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    /// <summary>An ordinary path passes as written: an id's escaped ';' too, and a raw one in the query, which is no path's.</summary>
    [Theory]
    [InlineData("/room%201/resources?x=a.b")]
    [InlineData("/room%3B1/resources?x=a;b")]
    public async Task AnOrdinaryPathStillPassesOverARealSocket(string path)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, "GET", App + path, TestJwt.Admin().Sign());

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(App + path, Assert.Single(upstream.Requests).RawTarget);
    }

    /// <summary>
    /// A <c>#</c> in the request target's path is text of the path to the gateway (Kestrel keeps it, and the room it
    /// names reads it so, as Agora's ids may hold it): Agora is sent it encoded, not a path cut at a fragment that names
    /// another widget.
    /// </summary>
    [Fact]
    public async Task AHashInThePathReachesAgoraEncodedNotAsAFragment()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        var v2 = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms";

        var answer = await RawHttp.SendAsync(server, "DELETE", v2 + "/room-1/widgets/w#1", TestJwt.Admin().Sign());

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(v2 + "/room-1/widgets/w%231", Assert.Single(upstream.Requests).RawTarget);
    }

    /// <summary>
    /// Only the methods Agora's API is called with pass: a TRACE would carry the gateway's credential to Agora, and an echo
    /// of it would bring the credential back; a CONNECT cannot be forwarded at all.
    /// </summary>
    [Theory]
    [InlineData("TRACE")]
    [InlineData("CONNECT")]
    [InlineData("PROPFIND")]
    [InlineData("HEAD")]
    public async Task AMethodAgorasApiIsNotCalledWithIsA405AndReachesNobody(string method)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();

        var answer = await RawHttp.SendAsync(server, method, App + "/room-1", TestJwt.Admin().Sign());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
        Assert.Equal(0, upstream.Arrived);
    }

    /// <summary>The passthrough's body is held to what every route's is: JSON, sent as JSON, and sound.</summary>
    [Theory]
    [InlineData("text/plain", "plain text", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", "not json {", HttpStatusCode.BadRequest)]
    [InlineData("application/json", """{"a":1} trailing""", HttpStatusCode.BadRequest)]
    [InlineData("application/json", """{"properties":{"a":1},"properties":{"a":2}}""", HttpStatusCode.BadRequest)]
    [InlineData("application/json", """{"properties":{"a":1}}""", HttpStatusCode.OK)]
    public async Task ABodyThatIsNotSoundJsonIsRefusedBeforeForwarding(string mediaType, string body, HttpStatusCode expected)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var answer = await admin.PutAsync(App + "/room-1/properties", new StringContent(body, Encoding.UTF8, mediaType), Json.Cancel);

        Assert.Equal(expected, answer.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, upstream.Arrived);
    }
}
