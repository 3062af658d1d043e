using System.Net;
using System.Text;
using Gateway.Configuration;
using Gateway.Tests.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// Route × role × room: who may call what, decided before anything is forwarded. Assistants read what teachers read and
/// write room and user properties, groups and widgets, nothing else; admins act on every room. A token naming the room
/// without a school role (a parent's, or none) calls nothing. Run with each <c>Agora:UpstreamCredential</c>.
/// </summary>
public abstract class PolicyMatrixTests(UpstreamCredential credential)
{
    public sealed class WithTheAppToken() : PolicyMatrixTests(UpstreamCredential.App);

    public sealed class AsTheCaller() : PolicyMatrixTests(UpstreamCredential.Caller);

    public enum Who { Student, Teacher, Assistant, Admin, Parent, NoRole }

    static readonly Who[] Everyone = [Who.Student, Who.Teacher, Who.Assistant, Who.Admin];
    static readonly Who[] Callers = [.. Everyone, Who.Parent, Who.NoRole];
    static readonly Who[] Staff = [Who.Teacher, Who.Assistant, Who.Admin];
    static readonly Who[] Teachers = [Who.Teacher, Who.Admin];
    static readonly Who[] AdminsOnly = [Who.Admin];

    static readonly (string Method, string Path, string? Body, Who[] Allowed)[] Routes =
    [
        ("POST", "/api/v1/rooms/{room}", """{"roomName":"x","roomType":4}""", Teachers),
        ("PUT", "/api/v1/rooms/{room}/states/1", null, Teachers),
        ("POST", "/api/v1/rooms/{room}/users/u1/exit", null, Teachers),
        ("PUT", "/api/v1/rooms/{room}/records/states/1", null, Teachers),
        ("GET", "/api/v1/rooms/{room}/records", null, Staff),
        ("GET", "/api/v1/rooms/{room}/resources", null, Everyone),
        ("PUT", "/api/v1/rooms/{room}/resources/d1", """{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a.pdf"}""", Teachers),
        ("DELETE", "/api/v1/rooms/{room}/resources", """{"resourceUuid":["d1"]}""", Teachers),
        ("GET", "/api/v1/rooms/{room}/sequences", null, Staff),
        ("GET", "/api/v1/rooms/{room}", null, Everyone),
        ("POST", "/api/v1/rooms/{room}/join", null, Everyone),
        ("PUT", "/api/v1/rooms/{room}/properties", Properties, Staff),
        ("DELETE", "/api/v1/rooms/{room}/properties", Keys, Staff),
        ("PUT", "/api/v1/rooms/{room}/groups/states/1", """{"groups":[{"users":[{"userUuid":"u1"}]}]}""", Staff),
        ("PUT", "/api/v1/rooms/{room}/groups/states/0", null, Staff),
        ("PATCH", "/api/v1/rooms/{room}/records/states/1", """{"webRecordConfig":{"onhold":true}}""", Teachers),
        ("PUT", "/api/v1/rooms/{room}/records/ready", null, AdminsOnly),
        ("GET", "/api/v1/rooms/{room}/users/u1", null, Staff),
        ("PUT", "/api/v1/rooms/{room}/users/u1/properties", Properties, Staff),
        ("DELETE", "/api/v1/rooms/{room}/users/u1/properties", Keys, Staff),
        ("GET", "/api/v1/rooms/{room}/widgets/popupQuiz/sequences", null, Staff),
        ("GET", "/api/v1/rooms/{room}/widgets/poll/sequences", null, Staff),
        ("GET", "/api/v1/rooms/{room}/widgets/w1/sequences?count=10", null, Staff),
        ("PUT", "/api/v1/rooms/{room}/widgets/w1", """{"state":1}""", Staff),
        ("DELETE", "/api/v1/rooms/{room}/widgets/w1", null, Staff),
        ("DELETE", "/api/v1/rooms/{room}/widgets/w1/extra", """{"extra":["a"]}""", Staff),
        ("PUT", "/api/v1/rooms/{room}/widgets/w1/users/u1", """{"extra":{"a":1}}""", Staff),
        ("DELETE", "/api/v1/rooms/{room}/widgets/w1/users/u1", """{"extra":["a"]}""", Staff),
    ];

    /// <summary>The room's routes that call no Agora: its live events, the ticket that opens them, and its attendance from the event log.</summary>
    static readonly (string Method, string Path, Who[] Allowed)[] OwnRoutes =
    [
        ("GET", "/api/v1/rooms/{room}/events/stream", Everyone),
        ("POST", "/api/v1/rooms/{room}/events/ticket", Everyone),
        ("GET", "/api/v1/rooms/{room}/attendance", Staff),
    ];

    const string Properties = """{"properties":{"a.b":1}}""";
    const string Keys = """{"properties":["a.b"]}""";

    /// <summary>Agora's answer to every call: the query classroom's, which the join reads, and harmless to the others.</summary>
    const string RoomDetails = """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-2","roomName":"x","state":0,"createTime":1,"roomProperties":{"roomType":4}}}""";

    public static TheoryData<int, Who, bool> Matrix() => MatrixOf(Routes.Length);

    public static TheoryData<int, Who, bool> OwnMatrix() => MatrixOf(OwnRoutes.Length);

    static TheoryData<int, Who, bool> MatrixOf(int routes)
    {
        var data = new TheoryData<int, Who, bool>();
        for (var route = 0; route < routes; route++)
        {
            foreach (var who in Callers)
            {
                data.Add(route, who, true);
                data.Add(route, who, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AllowsOnlyTheRightRoleInTheRightRoom(int route, Who who, bool inTheirRooms)
    {
        var (method, template, body, allowedRoles) = Routes[route];
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 200, RoomDetails);
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));
        using var client = gateway.CreateClient(TokenOf(who).Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{room}", inTheirRooms ? "room-2" : "room-9"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, Json.Cancel);

        var allowed = (who == Who.Admin || inTheirRooms) && allowedRoles.Contains(who);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Single(upstream.Requests);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.ReadJson();
            Assert.Equal(403, problem.GetProperty("code").GetInt32());
            Assert.Empty(upstream.Requests);
        }
    }

    /// <summary>
    /// The same rules hold where nothing is forwarded: a caller not allowed is refused before its stream opens, before it
    /// is given a ticket and before the event log is read; one allowed is answered (its stream let go as it opens).
    /// </summary>
    [Theory]
    [MemberData(nameof(OwnMatrix))]
    public async Task TheRoutesThatCallNoAgoraAllowOnlyTheRightRoleInTheRightRoom(int route, Who who, bool inTheirRooms)
    {
        var (method, template, allowedRoles) = OwnRoutes[route];
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));
        await gateway.WaitUntilStreamsOpenAsync();
        using var client = gateway.CreateClient(TokenOf(who).Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{room}", inTheirRooms ? "room-2" : "room-9"));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Json.Cancel);

        var allowed = (who == Who.Admin || inTheirRooms) && allowedRoles.Contains(who);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.ReadJson();
            Assert.Equal(403, problem.GetProperty("code").GetInt32());
        }
        Assert.Empty(upstream.Requests);
    }

    static TestJwt TokenOf(Who who) => who switch
    {
        Who.Student => TestJwt.Student("room-1", "room-2"),
        Who.Teacher => TestJwt.Teacher("room-1", "room-2"),
        Who.Assistant => TestJwt.Assistant("room-1", "room-2"),
        Who.Parent => new TestJwt { Subject = "parent-1", Roles = new[] { "parent" }, Rooms = new[] { "room-1", "room-2" } },
        Who.NoRole => new TestJwt { Subject = "someone-1", Roles = null, Rooms = new[] { "room-1", "room-2" } },
        _ => TestJwt.Admin(),
    };

    /// <summary>
    /// A user reads their own user in their rooms, and nobody else's; a token without a school role (a parent's, or none)
    /// does not read even its own.
    /// </summary>
    [Theory]
    [InlineData("student", "room-2", "student-1", true)]
    [InlineData("student", "room-9", "student-1", false)]
    [InlineData("student", "room-2", "student-2", false)]
    [InlineData("student", "room-2", "STUDENT-1", false)]
    [InlineData("parent", "room-2", "student-1", false)]
    [InlineData(null, "room-2", "student-1", false)]
    public async Task AStudentQueriesTheirOwnUserOnly(string? role, string room, string user, bool allowed)
    {
        var caller = new TestJwt { Subject = "student-1", Roles = role is null ? null : new[] { role }, Rooms = new[] { "room-1", "room-2" } };

        var answer = await CallAsync(caller, HttpMethod.Get, $"/api/v1/rooms/{room}/users/{user}");

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(allowed ? 1 : 0, answer.Forwarded);
    }

    /// <summary>
    /// The recorder's uid reports its page ready in its rooms, whatever its role (a school's, another, or none: the report
    /// asks for the uid alone), and does nothing else, its room's query neither without a school role.
    /// </summary>
    [Theory]
    [InlineData("classroom-recorder", "student", "PUT", "room-2", "/records/ready", true)]
    [InlineData("classroom-recorder", "parent", "PUT", "room-2", "/records/ready", true)]
    [InlineData("classroom-recorder", null, "PUT", "room-2", "/records/ready", true)]
    [InlineData("classroom-recorder", "student", "PUT", "room-9", "/records/ready", false)]
    [InlineData("classroom-recorder", null, "PUT", "room-9", "/records/ready", false)]
    [InlineData("classroom-recorder", "student", "PATCH", "room-2", "/records/states/1", false)]
    [InlineData("classroom-recorder", "student", "PUT", "room-2", "/properties", false)]
    [InlineData("classroom-recorder", null, "GET", "room-2", "", false)]
    [InlineData("recorder", "student", "PUT", "room-2", "/records/ready", false)]
    [InlineData("recorder", null, "PUT", "room-2", "/records/ready", false)]
    public async Task OnlyTheRecorderReportsItsPageReady(string subject, string? role, string method, string room, string path, bool allowed)
    {
        var recorder = new TestJwt { Subject = subject, Roles = role, Rooms = new[] { "room-2" } };

        var answer = await CallAsync(recorder, new HttpMethod(method), $"/api/v1/rooms/{room}{path}",
            method == "PATCH" ? """{"webRecordConfig":{"onhold":false}}""" : path == "/properties" ? Properties : null);

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(allowed ? 1 : 0, answer.Forwarded);
    }

    async Task<(HttpStatusCode Status, int Forwarded)> CallAsync(TestJwt jwt, HttpMethod method, string path, string? body = null)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 200, RoomDetails);
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));
        using var client = gateway.CreateClient(jwt.Sign());
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await client.SendAsync(request, Json.Cancel);
        return (response.StatusCode, upstream.Requests.Count);
    }

    [Theory]
    [InlineData("/api/v1/events", Who.Student)]
    [InlineData("/api/v1/events", Who.Teacher)]
    [InlineData("/api/v1/events", Who.Assistant)]
    [InlineData("/api/v1/events", Who.Admin)]
    [InlineData("/api/v1/audit", Who.Student)]
    [InlineData("/api/v1/audit", Who.Teacher)]
    [InlineData("/api/v1/audit", Who.Assistant)]
    [InlineData("/api/v1/audit", Who.Admin)]
    public async Task TheGatewaysOwnLogsAreForAdminsOnly(string path, Who who)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));
        using var client = gateway.CreateClient(new TestJwt { Subject = "someone", Roles = who.ToString().ToLowerInvariant(), Rooms = "*" }.Sign());

        var response = await client.GetAsync(path, Json.Cancel);

        Assert.Equal(who == Who.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AWildcardRoomsClaimOpensEveryRoomToItsRole()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));
        using var client = gateway.CreateClient(new TestJwt { Roles = "teacher", Rooms = "*" }.Sign());

        var response = await client.PutAsync("/api/v1/rooms/any-room/states/1", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ARoomsArrayKeepsIdsWithSpacesWhole()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl, UpstreamCredentialAssert.SettingFor(credential));
        using var client = gateway.CreateClient(new TestJwt { Rooms = new[] { "room one" } }.Sign());
        using var splitClient = gateway.CreateClient(new TestJwt { Rooms = "room one" }.Sign());

        var whole = await client.GetAsync("/api/v1/rooms/room%20one/resources", Json.Cancel);
        var split = await splitClient.GetAsync("/api/v1/rooms/room%20one/resources", Json.Cancel);
        var part = await splitClient.GetAsync("/api/v1/rooms/one/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, split.StatusCode);
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
    }

    [Fact]
    public async Task TheRtmTokenRouteNeedsOnlyASignIn()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { [UpstreamCredentialAssert.Setting] = credential.ToString() });
        using var client = gateway.CreateClient(new TestJwt { Roles = null, Rooms = null }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
