using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Gateway.Events;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Security;

/// <summary>
/// Tickets that open a room's stream without an <c>Authorization</c> header, as a browser's <c>EventSource</c> must:
/// single use, one caller, one room, a minute at most, shared by every instance through Redis, never in a log.
/// </summary>
public sealed class StreamTicketTests
{
    static string StreamOf(string room, string ticket) => WithTicket($"/api/v1/rooms/{room}/events/stream", ticket);

    static string WithTicket(string path, string ticket) => $"{path}?ticket={Uri.EscapeDataString(ticket)}";

    static async Task<(string Ticket, DateTimeOffset ExpiresAt)> TicketAsync(HttpClient member, string room = "room-1")
    {
        var response = await member.PostAsync($"/api/v1/rooms/{room}/events/ticket", null, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.ReadJson()).GetProperty("data");
        return (data.GetProperty("ticket").GetString()!, data.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task ATicketFromOneInstanceOpensTheRoomsStreamOnAnotherWithoutAHeader(string shape)
    {
        await using var redis = await RedisDeployments.StartAsync(shape);
        await using var queue = await FakeEventQueue.StartAsync();
        await using var a = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var b = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration, ("Events:PollingEnabled", "false")));
        await GatewayCluster.WaitUntilRedisAnswers(a);
        using var studentOnA = a.CreateClient(TestJwt.Student("room-1").Sign());
        using var anonymousOnB = b.CreateClient();
        await b.WaitUntilStreamsOpenAsync();

        var (ticket, expiresAt) = await TicketAsync(studentOnA);
        var issued = DateTimeOffset.UtcNow;
        await using var stream = await SseReader.OpenAsync(anonymousOnB, StreamOf("room-1", ticket));
        await stream.ReadAsync();
        var produced = queue.Produce("room-1", 2);
        var received = new[] { await stream.ReadEventAsync(), await stream.ReadEventAsync() };

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal(43, ticket.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", ticket);
        Assert.InRange(expiresAt - issued, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        Assert.Equal(produced.Select(EventLogClient.ToEntry), received.Select(m => EventLogClient.ToEntry(JsonDocument.Parse(m.Data!).RootElement)));
    }

    /// <summary>
    /// A ticket issued while Redis hangs is kept in this process; the SET that timed out still runs when Redis resumes.
    /// The ticket it carried is never the one handed out, so no other instance redeems the ticket a second time.
    /// </summary>
    [Fact]
    public async Task ATicketIssuedWhileRedisHangsOpensOneStreamOnlyAfterItResumes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var here = await TestRedisConnection.ConnectedAsync(redis.Configuration, commandTimeoutMilliseconds: 300);
        await using var there = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var issuing = new StreamTickets(here, SandboxKeys.Agora, TimeProvider.System);
        var elsewhere = new StreamTickets(there, SandboxKeys.Agora, TimeProvider.System);
        var grant = new StreamTicketGrant("student-1", ["student"], "room-1", DateTimeOffset.UtcNow.AddMinutes(10));

        redis.Freeze();
        var (ticket, _) = await issuing.IssueAsync(grant);
        redis.Thaw();
        // The SET held while Redis hung has run.
        await Poll.Until(() => redis.CliAsync("--scan", "--pattern", SandboxKeys.EventTicket + "*"), keys => keys.Trim().Length > 0);
        var redeemedElsewhere = (await elsewhere.RedeemAsync(ticket)).Grant;
        var redeemedHere = (await issuing.RedeemAsync(ticket)).Grant;
        var again = (await issuing.RedeemAsync(ticket)).Grant;

        Assert.Null(redeemedElsewhere);
        Assert.Equal(grant, redeemedHere);
        Assert.Null(again);
    }

    /// <summary>Whoever reads Redis (a dump, a replica, a monitor) learns no ticket it could redeem: only its SHA-256 is kept.</summary>
    [Fact]
    public async Task RedisKeepsATicketAsItsSha256AloneUntilItIsRedeemed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var tickets = new StreamTickets(connection, SandboxKeys.Agora, TimeProvider.System);
        var grant = new StreamTicketGrant("student-1", ["student"], "room-1", DateTimeOffset.UtcNow.AddMinutes(10));

        var (ticket, _) = await tickets.IssueAsync(grant);
        var keys = await KeysAsync(redis);
        var value = keys.Length == 1 ? await redis.CliAsync("GET", keys[0]) : "";
        var redeemed = (await tickets.RedeemAsync(ticket)).Grant;
        var keysAfter = await KeysAsync(redis);

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(ticket)));
        Assert.Equal([SandboxKeys.EventTicket + hash], keys);
        Assert.Contains("room-1", value); // the grant, and nothing of the ticket
        Assert.DoesNotContain(ticket, value, StringComparison.Ordinal);
        Assert.Equal((grant.UserId, grant.RoomUuid, grant.SignInExpiresAt), (redeemed?.UserId, redeemed?.RoomUuid, redeemed?.SignInExpiresAt));
        Assert.Equal(grant.Roles, redeemed?.Roles);
        Assert.Empty(keysAfter);
    }

    /// <summary>
    /// The same in this process, where tickets are kept without Redis (or while it is out of reach): what the store holds
    /// of a ticket is its SHA-256, with the grant, and nothing once it is redeemed. The store is private to the class, so
    /// the test reads its field.
    /// </summary>
    [Fact]
    public async Task ThisProcessKeepsATicketAsItsSha256AloneUntilItIsRedeemed()
    {
        await using var noRedis = TestRedisConnection.Create(configuration: null);
        var tickets = new StreamTickets(noRedis, SandboxKeys.Agora, TimeProvider.System);
        var kept = (System.Collections.IDictionary)typeof(StreamTickets)
            .GetField("_inProcess", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(tickets)!;
        var grant = new StreamTicketGrant("student-1", ["student"], "room-1", DateTimeOffset.UtcNow.AddMinutes(10));

        var (ticket, _) = await tickets.IssueAsync(grant);
        var keys = kept.Keys.Cast<string>().ToList();
        var values = kept.Values.Cast<object>().Select(value => value.ToString()!).ToList();
        var redeemed = (await tickets.RedeemAsync(ticket)).Grant;

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(ticket)));
        Assert.Equal([SandboxKeys.EventTicket + hash], keys);
        Assert.Contains("room-1", Assert.Single(values)); // the grant, and nothing of the ticket
        Assert.DoesNotContain(ticket, values[0], StringComparison.Ordinal);
        Assert.Equal(grant, redeemed);
        Assert.Empty(kept);
    }

    static async Task<string[]> KeysAsync(RedisServer redis) =>
        (await redis.CliAsync("--scan")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A ticket Redis holds, presented while Redis hangs, is not known to be bad: a 503 problem that says to come back
    /// with a new ticket, where it was a 401 blaming the ticket; once Redis answers, a new ticket opens the stream.
    /// </summary>
    [Fact]
    public async Task ATicketPresentedWhileRedisHangsIsA503NotARefusal()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Redis:Configuration", redis.Configuration), ("Redis:CommandTimeoutMilliseconds", "500"));
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var anonymous = gateway.CreateClient();
        await gateway.WaitUntilStreamsOpenAsync();
        var (ticket, _) = await TicketAsync(student);

        redis.Freeze();
        HttpResponseMessage unanswered;
        try
        {
            unanswered = await anonymous.GetAsync(StreamOf("room-1", ticket), Json.Cancel);
        }
        finally
        {
            redis.Thaw();
        }
        var (fresh, _) = await TicketAsync(student);
        await using var stream = await SseReader.OpenAsync(anonymous, StreamOf("room-1", fresh));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unanswered.StatusCode);
        Assert.Equal("application/problem+json", unanswered.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(unanswered.Headers.RetryAfter);
        Assert.Contains("new ticket", (await unanswered.ReadJson()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
    }

    [Fact]
    public async Task ATicketOpensOneStreamOnly()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var anonymous = gateway.CreateClient();
        var (ticket, _) = await TicketAsync(student);

        await using var first = await SseReader.OpenAsync(anonymous, StreamOf("room-1", ticket));
        var reused = await anonymous.GetAsync(StreamOf("room-1", ticket), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        await AssertRefused(reused);
    }

    /// <summary>
    /// A ticket is spent as it signs its request in, before the stream's limits are asked: a stream the user's limit
    /// refuses took its ticket, as an <c>EventSource</c> gives up at any answer but a 200 and the page asks for a new
    /// one anyway. A refusal that kept it would leave a credential good for a minute after its only use was answered.
    /// </summary>
    [Fact]
    public async Task ATicketTheUsersStreamLimitRefusesIsSpent()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("Events:MaxStreamsPerUser", "1"));
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var anonymous = gateway.CreateClient();
        var (first, _) = await TicketAsync(student);
        var (second, _) = await TicketAsync(student);

        await using var open = await SseReader.OpenAsync(anonymous, StreamOf("room-1", first));
        var refused = await anonymous.GetAsync(StreamOf("room-1", second), HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        await open.DisposeAsync();
        var again = await Poll.Until(() => anonymous.GetAsync(StreamOf("room-1", second), HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
            response => response.StatusCode != HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.OK, open.Response.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await AssertRefused(again);
    }

    [Fact]
    public async Task ATicketForOneRoomOpensNoOtherEvenForAnAdmin()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var anonymous = gateway.CreateClient();
        var (ticket, _) = await TicketAsync(admin);

        var otherRoom = await anonymous.GetAsync(StreamOf("room-2", ticket), Json.Cancel);

        await AssertRefused(otherRoom);
    }

    [Fact]
    public async Task AnotherUsersTicketGivesTheBearerOfAHeaderNothingAndStaysUnused()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var owner = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var outsider = gateway.CreateClient(new TestJwt { Subject = "student-9", Rooms = new[] { "room-2" } }.Sign());
        using var anonymous = gateway.CreateClient();
        var (ticket, _) = await TicketAsync(owner);

        var taken = await outsider.GetAsync(StreamOf("room-1", ticket), Json.Cancel);
        await using var byOwner = await SseReader.OpenAsync(anonymous, StreamOf("room-1", ticket));

        Assert.Equal(HttpStatusCode.Forbidden, taken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOwner.Response.StatusCode);
    }

    [Fact]
    public async Task ATicketSignsInToNothingButTheStreamAndStaysUnusedElsewhere()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var anonymous = gateway.CreateClient();
        var (ticket, _) = await TicketAsync(student);

        var resources = await anonymous.GetAsync(WithTicket("/api/v1/rooms/room-1/resources", ticket), Json.Cancel);
        var anotherTicket = await anonymous.PostAsync(WithTicket("/api/v1/rooms/room-1/events/ticket", ticket), null, Json.Cancel);
        await using var stream = await SseReader.OpenAsync(anonymous, StreamOf("room-1", ticket));

        Assert.Equal(HttpStatusCode.Unauthorized, resources.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anotherTicket.StatusCode);
        Assert.Equal("A bearer token is required.", (await anotherTicket.ReadJson()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
    }

    [Fact]
    public async Task OnlyTheRoomsMembersGetATicket()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        using var outsider = gateway.CreateClient(TestJwt.Student("room-2").Sign());
        using var anonymous = gateway.CreateClient();

        var forbidden = await outsider.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel);
        var unauthenticated = await anonymous.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnExpiredTicketOpensNothing(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, ("Redis:Configuration", redis?.Configuration)))
        {
            Clock = clock,
        };
        if (redis is not null)
        {
            await GatewayCluster.WaitUntilRedisAnswers(gateway);
        }
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var anonymous = gateway.CreateClient();
        var (ticket, expiresAt) = await TicketAsync(student);

        // Redis would keep it a minute of real time more; the gateway's own clock says it is over.
        clock.Advance(expiresAt - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var expired = await anonymous.GetAsync(StreamOf("room-1", ticket), Json.Cancel);

        await AssertRefused(expired);
    }

    /// <summary>
    /// Where plain HTTP is redirected to HTTPS, a ticket that came over plain HTTP has crossed the network in clear: it is
    /// answered 403, not redirected (no <c>Location</c>, nothing of the ticket in the answer), on the stream or any other
    /// route, and spent, so that it opens nothing afterwards over HTTPS; with Redis, on the instance that issued it too.
    /// HTTPS is what the client saw at the proxy (<c>X-Forwarded-Proto</c>).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATicketThatCameOverPlainHttpIsSpentAndRefusedNotRedirected(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var queue = await FakeEventQueue.StartAsync();
        GatewayFactory Redirecting() => new(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, ("HTTPS_PORT", "443"),
            ("FORWARDEDHEADERS_ENABLED", "true"), ("Redis:Configuration", redis?.Configuration)), environment: "Production");
        await using var issuing = Redirecting();
        await using var other = Redirecting();
        var plainOne = withRedis ? other : issuing;
        if (redis is not null)
        {
            await GatewayCluster.WaitUntilRedisAnswers(issuing);
            await GatewayCluster.WaitUntilRedisAnswers(other);
        }
        using var student = ClientOf(issuing, overHttps: true, TestJwt.Student("room-1").Sign());
        using var anonymousOverHttps = ClientOf(issuing, overHttps: true);
        using var anonymousOverHttp = ClientOf(plainOne, overHttps: false);
        var (onStream, _) = await TicketAsync(student);
        var (elsewhere, _) = await TicketAsync(student);

        HttpResponseMessage[] plain =
        [
            await anonymousOverHttp.GetAsync(StreamOf("room-1", onStream), HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
            await anonymousOverHttp.GetAsync(WithTicket("/api/v1/rooms/room-1/resources", elsewhere), Json.Cancel),
        ];
        var afterwards = new List<HttpResponseMessage>();
        foreach (var ticket in new[] { onStream, elsewhere })
        {
            afterwards.Add(await anonymousOverHttps.GetAsync(StreamOf("room-1", ticket), HttpCompletionOption.ResponseHeadersRead, Json.Cancel));
        }

        foreach (var answer in plain)
        {
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Null(answer.Headers.Location);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var body = await answer.Content.ReadAsStringAsync(Json.Cancel);
            Assert.Equal(PlainHttpTickets.Refusal, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
            Assert.DoesNotContain(onStream, body, StringComparison.Ordinal);
            Assert.DoesNotContain(elsewhere, body, StringComparison.Ordinal);
        }
        foreach (var answer in afterwards)
        {
            await AssertRefused(answer);
        }
    }

    /// <summary>
    /// While Redis hangs, a ticket that came over plain HTTP is refused all the same (403, no <c>Location</c>) once the
    /// command's bound has passed; the spending sent meanwhile runs as Redis answers again, so the ticket opens nothing
    /// afterwards over HTTPS.
    /// </summary>
    [Fact]
    public async Task ATicketThatCameOverPlainHttpWhileRedisHangsIsRefusedAndSpentOnceRedisAnswers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, ("HTTPS_PORT", "443"),
            ("FORWARDEDHEADERS_ENABLED", "true"), ("Redis:Configuration", redis.Configuration), ("Redis:CommandTimeoutMilliseconds", "500")),
            environment: "Production");
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var student = ClientOf(gateway, overHttps: true, TestJwt.Student("room-1").Sign());
        using var anonymousOverHttps = ClientOf(gateway, overHttps: true);
        using var anonymousOverHttp = ClientOf(gateway, overHttps: false);
        var (ticket, _) = await TicketAsync(student);

        redis.Freeze();
        HttpResponseMessage refused;
        try
        {
            refused = await anonymousOverHttp.GetAsync(StreamOf("room-1", ticket), HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        }
        finally
        {
            redis.Thaw();
        }
        // Until the instance asks Redis again (a 503 says the ticket is not known either way), then as Redis says.
        var afterwards = await Poll.Until(() => anonymousOverHttps.GetAsync(StreamOf("room-1", ticket), HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
            answer => answer.StatusCode != HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.Equal(PlainHttpTickets.Refusal, (await refused.ReadJson()).GetProperty("detail").GetString());
        await AssertRefused(afterwards);
    }

    static HttpClient ClientOf(GatewayFactory gateway, bool overHttps, string? jwt = null)
    {
        var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (overHttps)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }
        if (jwt is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
        }
        return client;
    }

    /// <summary>
    /// A JWT past its expiry, which sign-in still takes within the clock skew it allows, gets neither a ticket, which would
    /// be expired when given, nor a stream, which would end at once and have its <c>EventSource</c> reconnect until the
    /// skew ran out: a 401, at which an <c>EventSource</c> stops.
    /// </summary>
    [Fact]
    public async Task AJwtPastItsExpiryWithinTheClockSkewGetsNoTicketAndNoStream()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl);
        var expired = new TestJwt { Rooms = new[] { "room-1" }, Now = DateTimeOffset.UtcNow.AddSeconds(-65), Lifetime = TimeSpan.FromSeconds(60) };
        using var student = gateway.CreateClient(expired.Sign());

        var signedIn = await student.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var ticket = await student.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel);
        var stream = await student.GetAsync("/api/v1/rooms/room-1/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        foreach (var refused in new[] { ticket, stream })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("The bearer token has expired.", (await refused.ReadJson()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task ATicketNeverOutlivesTheJwtItWasIssuedUnderAndNeitherDoesItsStream()
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, ("Events:HeartbeatSeconds", "1"))) { Clock = clock };
        var issued = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var jwtExpires = issued.AddSeconds(40);
        using var student = gateway.CreateClient(new TestJwt { Rooms = new[] { "room-1" }, Now = issued, Lifetime = TimeSpan.FromSeconds(40) }.Sign());
        using var anonymous = gateway.CreateClient();

        var (ticket, expiresAt) = await TicketAsync(student);
        await using var stream = await SseReader.OpenAsync(anonymous, StreamOf("room-1", ticket));
        await stream.ReadAsync();
        clock.Advance(jwtExpires - clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        Assert.Equal(jwtExpires, expiresAt);
        Assert.True(await RoomStreamScaleTests.ReadUntilEnd(stream, clock), "the stream went on past the JWT's expiry");
    }

    [Fact]
    public async Task NoLogLineHoldsATicket()
    {
        var logs = new CapturedLogs();
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl)) { Logs = logs };
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        using var anonymous = gateway.CreateClient();
        var used = await TicketAsync(student);
        var unused = await TicketAsync(student);
        var forOtherRoom = await TicketAsync(admin);

        await using (var stream = await SseReader.OpenAsync(anonymous, StreamOf("room-1", used.Ticket)))
        {
            await stream.ReadAsync();
        }
        await anonymous.GetAsync(StreamOf("room-1", used.Ticket), Json.Cancel);
        await anonymous.GetAsync(StreamOf("room-2", forOtherRoom.Ticket), Json.Cancel);
        // Forwarded to the upstream, so the forwarder logs where it sends it.
        await admin.GetAsync($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/sequences?ticket={unused.Ticket}", Json.Cancel);
        // A route that fails on its own, with the ticket beside it.
        await student.GetAsync($"/api/v1/rooms/room-1/events/stream?lastEventId=garbage&ticket={unused.Ticket}", Json.Cancel);

        var lines = logs.Lines.ToArray();
        Assert.Contains(lines, line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("ticket=redacted", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Proxying to", StringComparison.Ordinal) && line.Contains("ticket=redacted", StringComparison.Ordinal));
        foreach (var ticket in new[] { used.Ticket, unused.Ticket, forOtherRoom.Ticket })
        {
            Assert.DoesNotContain(lines, line => line.Contains(ticket, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(queue.Upstream.Requests, r => r.RawTarget.Contains(unused.Ticket, StringComparison.Ordinal));
    }

    /// <summary>
    /// The query's reader decodes a parameter's name, so a ticket sent as <c>ti%63ket=</c> is a ticket too, and is no more
    /// logged. Sent on a socket: a client library may decode the name first.
    /// </summary>
    [Fact]
    public async Task ATicketUnderAPercentEncodedNameIsNoMoreLogged()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        var server = gateway.StartOnASocket();
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        var issued = await TicketAsync(student);

        // Another room's stream: refused at once, after the request was logged.
        var answer = await RawHttp.SendAsync(server, "GET", $"/api/v1/rooms/room-2/events/stream?ti%63ket={Uri.EscapeDataString(issued.Ticket)}", "");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        var lines = logs.Lines.ToArray();
        Assert.Contains(lines, line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("ticket=redacted", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(issued.Ticket, StringComparison.Ordinal));
    }

    /// <summary>
    /// A request Kestrel refuses as it parses it never reaches the gateway's redaction, and Kestrel's line for it quotes
    /// the raw request line or header: a ticket in the query (still good afterwards, since nothing redeemed it) or the
    /// start of a JWT. None of it is logged, with every level at Trace. What an operator has of it instead is Kestrel's count
    /// of connections it closed, by the reason, at <c>/metrics</c> (<c>kestrel_connection_duration_seconds</c>, <c>error_type</c>).
    /// </summary>
    [Theory]
    [InlineData("GET /api/v1/rooms/room-1/events/stream?ticket={ticket}\u0000 HTTP/1.1\r\n", "invalid_request_line")]
    [InlineData("GET /api/v1/rooms/room-1/events/stream?ticket={ticket} HTTP/1.1 x\r\n", "invalid_request_line")]
    [InlineData("GET /api/v1/rooms/room-1/events/stream HTTP/1.1\r\nAuthorization : Bearer {jwt}\r\n", "invalid_request_headers")]
    public async Task ARequestKestrelRefusesLogsNoTicketOrToken(string head, string errorType)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        var server = gateway.StartOnASocket();
        using var connections = new MetricCollector<double>(gateway.Services.GetRequiredService<IMeterFactory>(),
            "Microsoft.AspNetCore.Server.Kestrel", "kestrel.connection.duration");
        var jwt = TestJwt.Student("room-1").Sign();
        using var student = gateway.CreateClient(jwt);
        var (ticket, _) = await TicketAsync(student);
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(server.Host, server.Port, Json.Cancel);
        var stream = socket.GetStream();

        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(
            head.Replace("{ticket}", ticket, StringComparison.Ordinal).Replace("{jwt}", jwt, StringComparison.Ordinal) + $"Host: {server.Authority}\r\n\r\n"), Json.Cancel);
        var answer = await new StreamReader(stream).ReadToEndAsync(Json.Cancel);
        var refusals = await Poll.Until(() => Task.FromResult(connections.GetMeasurementSnapshot()
            .Where(measurement => measurement.Tags.ContainsKey("error.type")).ToList()), found => found.Count > 0);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(ticket, StringComparison.Ordinal) || line.Contains(jwt[..40], StringComparison.Ordinal));
        Assert.Equal(errorType, Assert.Single(refusals).Tags["error.type"]);
    }

    /// <summary>
    /// Over HTTP/2 Kestrel refuses a <c>:path</c> it cannot take (one not starting with <c>/</c>) with a stream reset and a
    /// line quoting the raw target, in a category of its own, before the gateway sees the request: that line must not
    /// hold the ticket, which the refused request did not use up.
    /// </summary>
    [Fact]
    public async Task AnHttp2RequestKestrelResetsLogsNoTicket()
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        gateway.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0,
            listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        gateway.StartServer();
        var server = gateway.SocketAddress;
        using var student = new HttpClient { BaseAddress = server, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        student.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());
        var (ticket, _) = await TicketAsync(student);
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(server.Host, server.Port, Json.Cancel);
        var stream = socket.GetStream();
        // GET, http, then :authority and :path as literals without indexing (HPACK), the path without its leading slash.
        List<byte> head = [0x82, 0x86, .. Http2Literal(1, server.Authority), .. Http2Literal(4, $"api/v1/rooms/room-1/events/stream?ticket={ticket}")];

        byte[] preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, .. Http2Frame(4, 0, 0, []), .. Http2Frame(1, 0x5, 1, [.. head])];
        await stream.WriteAsync(preface, Json.Cancel);
        var reset = await Http2ResetOfAsync(stream, 1);

        Assert.True(reset, "Kestrel reset no stream");
        Assert.DoesNotContain(logs.Lines, line => line.Contains(ticket, StringComparison.Ordinal));
    }

    /// <summary>Reads frames until the server resets stream <paramref name="id"/> (true), or ends the connection (false).</summary>
    static async Task<bool> Http2ResetOfAsync(System.Net.Sockets.NetworkStream stream, int id)
    {
        var header = new byte[9];
        while (true)
        {
            try
            {
                await stream.ReadExactlyAsync(header, Json.Cancel);
            }
            catch (EndOfStreamException)
            {
                return false;
            }
            var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
            await stream.ReadExactlyAsync(payload, Json.Cancel);
            if (header[3] == 3 && (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue) == id)
            {
                return true;
            }
        }
    }

    /// <summary>An HPACK literal header field without indexing, its name the static table's <paramref name="name"/>.</summary>
    static byte[] Http2Literal(int name, string value)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(value);
        List<byte> field = [(byte)name];
        if (bytes.Length < 127)
        {
            field.Add((byte)bytes.Length);
        }
        else
        {
            field.Add(127);
            var rest = bytes.Length - 127;
            for (; rest >= 128; rest /= 128)
            {
                field.Add((byte)(rest % 128 + 128));
            }
            field.Add((byte)rest);
        }
        return [.. field, .. bytes];
    }

    static byte[] Http2Frame(byte type, byte flags, int stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        (frame[0], frame[1], frame[2], frame[3], frame[4]) = ((byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type, flags);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
        payload.CopyTo(frame, 9);
        return frame;
    }

    /// <summary>
    /// A JWT a client put in the query as RFC 6750 has it (<c>access_token=</c>, as <c>EventSource</c> code often does),
    /// which the gateway does not take, is refused, redacted before hosting logs the request, and never logged.
    /// </summary>
    [Theory]
    [InlineData("access_token")]
    [InlineData("Access_Token")]
    [InlineData("acc%65ss_token")]
    public async Task ABearerTokenInTheQueryIsRefusedAndNeverLogged(string name)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Student("room-1").Sign();

        var answer = await RawHttp.SendAsync(server, "GET", $"/api/v1/rooms/room-1/events/stream?{name}={jwt}", "");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        var lines = logs.Lines.ToArray();
        Assert.Contains(lines, line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("access_token=redacted", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(jwt, StringComparison.Ordinal) || line.Contains("eyJ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A JWT or an Agora token a client put in the query under a name of its own (<c>jwt=</c>, <c>id_token=</c>,
    /// <c>rtmToken=</c>), which the gateway does not take, is redacted by its shape before hosting logs the request, and
    /// never logged; a shorter value of the same start, as an id or a cursor might be, is kept.
    /// </summary>
    [Theory]
    [InlineData("jwt", false)]
    [InlineData("id_token", false)]
    [InlineData("rtmToken", true)]
    public async Task ATokenInTheQueryUnderAnyNameIsRedactedAndNeverLogged(string name, bool agoraToken)
    {
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory { Logs = logs };
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Student("room-1").Sign();
        using var student = new HttpClient { BaseAddress = server, DefaultRequestHeaders = { Authorization = new("Bearer", jwt) } };
        var secret = agoraToken
            ? (await (await student.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("token").GetString()!
            : jwt;

        var answer = await RawHttp.SendAsync(server, "GET",
            $"/api/v1/rooms/room-1/events/stream?{name}={Uri.EscapeDataString(secret)}&keep={secret[..20]}", "");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        var lines = logs.Lines.ToArray();
        Assert.Contains(lines, line => line.Contains("Request starting", StringComparison.Ordinal)
            && line.Contains($"?{name}=redacted&keep={secret[..20]}", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(secret[20..40], StringComparison.Ordinal)
            || line.Contains(Uri.EscapeDataString(secret)[20..40], StringComparison.Ordinal));
    }

    /// <summary>
    /// A token a client put in the query of a forwarded call under the name Agora's credential has (<c>token=</c>, as one
    /// trying Agora's REST API might), which no route reads and Agora takes only in headers, is redacted before hosting
    /// logs the request: no log line holds it, and Agora is sent the call without it. Sent on a socket, the name in any
    /// case or percent-encoded.
    /// </summary>
    [Theory]
    [InlineData("token")]
    [InlineData("Token")]
    [InlineData("t%6Fken")]
    public async Task ATokenInTheQueryOfAForwardedCallIsNeitherLoggedNorSentOn(string name)
    {
        var logs = new CapturedLogs();
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var server = gateway.StartOnASocket();
        var jwt = TestJwt.Admin().Sign();
        using var admin = new HttpClient { BaseAddress = server, DefaultRequestHeaders = { Authorization = new("Bearer", jwt) } };
        var rtm = (await (await admin.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("token").GetString()!;

        var answer = await RawHttp.SendAsync(server, "GET", $"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/sequences?nextId=3&{name}={rtm}", jwt);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var forwarded = Assert.Single(upstream.Requests, r => r.RawTarget.Contains("/sequences", StringComparison.Ordinal));
        Assert.EndsWith("?nextId=3&token=redacted", forwarded.RawTarget, StringComparison.Ordinal);
        var lines = logs.Lines.ToArray();
        Assert.Contains(lines, line => line.Contains("Request starting", StringComparison.Ordinal) && line.Contains("token=redacted", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(rtm, StringComparison.Ordinal) || line.Contains(rtm[..20], StringComparison.Ordinal));
    }

    static async Task AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(401, problem.GetProperty("code").GetInt32());
        Assert.Contains("ticket", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
