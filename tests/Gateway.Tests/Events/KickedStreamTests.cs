using System.Net;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Events;

/// <summary>
/// A user kicked out of a room stops hearing it: its stream ends after the event of its kick, and while a dirty kick's ban
/// runs no stream of the room opens for it, by JWT or by ticket, on any instance, as the join refuses it. A kick made at
/// Agora without the gateway ends the stream all the same, its event saying it, and bans nothing the gateway knows of.
/// </summary>
public sealed class KickedStreamTests
{
    [Theory]
    [InlineData("""{"dirty":{"state":1,"duration":600}}""", true, true)]
    [InlineData("""{"dirty":{"state":0}}""", true, false)]
    [InlineData("{}", true, false)]
    [InlineData("""{"dirty":{"state":1,"duration":600}}""", false, false)]
    public async Task AKickedUsersStreamEndsAfterItsKickAndWhileItsBanRunsNoneOpens(string kick, bool throughTheGateway, bool banned)
    {
        await using var redis = await RedisServer.StartAsync();
        var (sandbox, peer) = await SandboxPair.StartAsync(EventTestSettings.Polling(redis.Configuration));
        await using var a = sandbox;
        await using var b = peer;
        using var teacherOnA = a.CreateClient(TestJwt.Teacher("maths").Sign());
        using var kickedOnB = b.CreateClient(TestJwt.Student("maths").Sign());
        using var classmateOnB = b.CreateClient((TestJwt.Student("maths") with { Subject = "student-2" }).Sign());
        using var anonymousOnB = b.CreateClient();
        await b.WaitUntilStreamsOpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).StatusCode);
        await KickedJoinTests.EnterAsync(a.Emulator.BaseUrl, "maths", "student-1", 2);
        var ticketBefore = await TicketAsync(kickedOnB);
        await using var kickedStream = await SseReader.OpenAsync(kickedOnB, "/api/v1/rooms/maths/events/stream");
        await using var classmateStream = await SseReader.OpenAsync(classmateOnB, "/api/v1/rooms/maths/events/stream");

        if (throughTheGateway)
        {
            Assert.Equal(HttpStatusCode.OK, (await teacherOnA.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body(kick), Json.Cancel)).StatusCode);
        }
        else
        {
            await KickedJoinTests.AtAgoraAsync(a.Emulator.BaseUrl, HttpMethod.Post, "maths/users/student-1/exit", kick);
        }
        var lastOfKicked = await KickOfAsync(kickedStream, "student-1");
        var afterKick = await kickedStream.ReadAsync();
        await KickOfAsync(classmateStream, "student-1");
        var classmateGoesOn = await classmateStream.ReadAsync();
        var reopened = await OpenAsync(kickedOnB, "/api/v1/rooms/maths/events/stream");
        var byTicketBefore = await OpenAsync(anonymousOnB, $"/api/v1/rooms/maths/events/stream?ticket={Uri.EscapeDataString(ticketBefore)}");
        var ticketAfter = await kickedOnB.PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel);
        int? ticketAfterCode = ticketAfter.IsSuccessStatusCode ? null : (await ticketAfter.ReadJson()).GetProperty("code").GetInt32();

        Assert.Equal("20", lastOfKicked.Event);
        Assert.Null(afterKick); // the stream ended after the kick, with no heartbeat after it
        Assert.Equal("ping", classmateGoesOn?.Event); // another user's stream of the room hears on
        var expected = banned ? (HttpStatusCode.Forbidden, (int?)AgoraCodes.UserBanned) : (HttpStatusCode.OK, null);
        Assert.Equal([expected, expected, expected], new[] { reopened, byTicketBefore, (ticketAfter.StatusCode, ticketAfterCode) });
        // The user kicked is the only one: the classmate, on the same instance, still opens the room's stream.
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(classmateOnB, "/api/v1/rooms/maths/events/stream")).Status);
    }

    /// <summary>
    /// A dirty kick's ban lasts its <c>duration</c> on the gateway's clock: a second before it ends the user still gets
    /// neither a stream nor a ticket, and once it has ended both, and the ticket opens the stream.
    /// </summary>
    [Fact]
    public async Task OnceTheBanEndsTheKickedUserGetsATicketAndTheStreamAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory { Clock = clock };
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        using var anonymous = gateway.CreateClient();
        await gateway.WaitUntilStreamsOpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).StatusCode);
        await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, "maths", "student-1", 2);
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit",
            Json.Body("""{"dirty":{"state":1,"duration":120}}"""), Json.Cancel)).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(119));
        var streamWhileBanned = await OpenAsync(student, "/api/v1/rooms/maths/events/stream");
        var ticketWhileBanned = await student.PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel);
        clock.Advance(TimeSpan.FromSeconds(2));
        var streamAfter = await OpenAsync(student, "/api/v1/rooms/maths/events/stream");
        var ticketAfter = await TicketAsync(student);
        var byTicketAfter = await OpenAsync(anonymous, $"/api/v1/rooms/maths/events/stream?ticket={Uri.EscapeDataString(ticketAfter)}");

        var banned = (HttpStatusCode.Forbidden, (int?)AgoraCodes.UserBanned);
        Assert.Equal(banned, streamWhileBanned);
        Assert.Equal(banned, (ticketWhileBanned.StatusCode, (int?)(await ticketWhileBanned.ReadJson()).GetProperty("code").GetInt32()));
        Assert.Equal((HttpStatusCode.OK, (int?)null), streamAfter);
        Assert.Equal((HttpStatusCode.OK, (int?)null), byTicketAfter);
    }

    /// <summary>A kick among the events a resumed stream catches up on is past: the stream sends it and goes on.</summary>
    [Fact]
    public async Task AKickInTheCatchUpIsPastAndDoesNotEndTheResumedStream()
    {
        await using var gateway = new GatewayFactory(EventTestSettings.Polling().ToDictionary(s => s.Key, s => s.Value));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        using var student = gateway.CreateClient(TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).StatusCode);
        string entered;
        await using (var first = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream"))
        {
            await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, "maths", "student-1", 2);
            entered = (await first.ReadEventAsync()).Id!;
            Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit", Json.Body("{}"), Json.Cancel)).StatusCode);
            await KickOfAsync(first, "student-1");
            Assert.Null(await first.ReadAsync());
        }

        await using var resumed = await SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream", lastEventId: entered);
        var caughtUp = await KickOfAsync(resumed, "student-1");
        var next = await resumed.ReadAsync();

        Assert.Equal(HttpStatusCode.OK, resumed.Response.StatusCode);
        Assert.Equal("20", caughtUp.Event);
        Assert.Equal("ping", next?.Event); // a heartbeat: the stream goes on
    }

    /// <summary>
    /// A kick appended while a resumed stream is still catching up came after the stream opened: it ends the stream as it
    /// ends a live one, though the catch-up's read of the log, not the hub, is what carries it to the stream.
    /// </summary>
    [Fact]
    public async Task AKickAppendedWhileAResumedStreamCatchesUpEndsIt()
    {
        var catchUp = new HeldCatchUp();
        await using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Events:PollingEnabled"] = "false", ["Events:HeartbeatSeconds"] = "1" });
        await using var gateway = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IEventLog>(provider => new HeldCatchUpLog(provider.GetRequiredService<InProcessEventLog>(), catchUp))));
        using var student = gateway.CreateClient();
        student.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("maths").Sign());
        await gateway.WaitUntilStreamsOpenAsync();
        var log = gateway.Services.GetRequiredService<IEventLog>();
        Assert.True(await log.AppendAsync([new AgoraEvent("maths", EventCmd.ClassState, 1, 1, JsonSerializer.SerializeToElement(new { state = 1 }))], null, Json.Cancel));
        var lastSeen = (await log.ReadAsync(EventCursor.Start, 10, Json.Cancel)).Next;

        var opening = SseReader.OpenAsync(student, "/api/v1/rooms/maths/events/stream", lastEventId: lastSeen.ToString());
        await catchUp.Reading.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel); // the stream has joined the hub, its catch-up not read
        var kick = JsonSerializer.SerializeToElement(new { offlineUsers = new[] { new { userUuid = "student-1", userName = "S", role = 2, type = 2 } } });
        Assert.True(await log.AppendAsync([new AgoraEvent("maths", EventCmd.UsersChanged, 2, 1, kick)], null, Json.Cancel));
        catchUp.Release();
        await using var stream = await opening;
        await stream.ReadAsync();
        var kicked = await KickOfAsync(stream, "student-1");
        var afterKick = await stream.ReadAsync();

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("20", kicked.Event);
        Assert.Null(afterKick); // ended after the kick, as a live stream does, not on with a heartbeat
    }

    /// <summary>Holds the first read of a room stream's catch-up (its page size) until released.</summary>
    sealed class HeldCatchUp
    {
        readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int _held;

        public Task Reading => _reading.Task;

        public void Release() => _released.TrySetResult();

        public Task HoldAsync(int limit)
        {
            if (limit != RoomEventStream.PageSize || Interlocked.Exchange(ref _held, 1) == 1)
            {
                return Task.CompletedTask;
            }
            _reading.TrySetResult();
            return _released.Task;
        }
    }

    sealed class HeldCatchUpLog(InProcessEventLog inner, HeldCatchUp catchUp) : IEventLog
    {
        public Task NextAppend => inner.NextAppend;

        public Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken) =>
            inner.AppendAsync(events, fence, cancellationToken);

        public Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken) =>
            inner.ReadAsync(after, limit, cancellationToken);

        public async Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken)
        {
            await catchUp.HoldAsync(limit).WaitAsync(cancellationToken);
            return await inner.ReadRoomAsync(roomUuid, after, limit, cancellationToken);
        }

        public Task<EventCursor> GetEndAsync(CancellationToken cancellationToken) => inner.GetEndAsync(cancellationToken);

        public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken) => inner.GetStartAsync(cancellationToken);

        public Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken) => inner.HoldsAsync(cursor, cancellationToken);

        public EventCursor Before(DateTimeOffset instant) => inner.Before(instant);
    }

    static async Task<string> TicketAsync(HttpClient member)
    {
        var response = await member.PostAsync("/api/v1/rooms/maths/events/ticket", null, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJson()).GetProperty("data").GetProperty("ticket").GetString()!;
    }

    /// <summary>The stream's status, and its problem when refused; an open stream is let go unread.</summary>
    static async Task<(HttpStatusCode Status, int? Code)> OpenAsync(HttpClient client, string path)
    {
        await using var stream = await SseReader.OpenAsync(client, path);
        var response = stream.Response;
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, (await response.ReadJson()).GetProperty("code").GetInt32());
    }

    /// <summary>Reads the stream up to the event that says <paramref name="userUuid"/> was kicked out (cmd 20, offline type 2).</summary>
    static async Task<SseReader.Message> KickOfAsync(SseReader stream, string userUuid)
    {
        while (true)
        {
            var message = await stream.ReadEventAsync();
            var data = JsonDocument.Parse(message.Data!).RootElement.GetProperty("data");
            if (message.Event == "20" && data.TryGetProperty("offlineUsers", out var offline)
                && offline.EnumerateArray().Any(u => u.GetProperty("userUuid").GetString() == userUuid && u.GetProperty("type").GetInt32() == 2))
            {
                return message;
            }
        }
    }
}
