using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Audit;

/// <summary>
/// A client that leaves after Agora has answered its write is recorded with Agora's outcome, and as having left: the
/// change happened at Agora though nobody heard of it. Only a client that left before Agora answered is a 499, marked
/// as having left all the same.
/// </summary>
public sealed class ClientLeftAfterAgoraTests
{
    const string Envelope = """{"code":0,"msg":"Success","ts":1,"data":null}""";

    /// <summary>On Redis too, the trail every instance shares: it gives back what it was given, <c>clientLeft</c> with it.</summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/states/1", false)]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/states/1", false)]
    [InlineData("/api/v1/rooms/room-1/states/1", true)]
    public async Task AClientThatLeavesBetweenAgorasSuccessHeadersAndItsBodyIsRecordedWithAgorasSuccess(string path, bool onRedis)
    {
        var logs = new CapturedLogs();
        await using var redis = onRedis ? await RedisServer.StartAsync() : null;
        var body = NewSignal();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Envelope.Length;
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await body.Task;
            await context.Response.WriteAsync(Envelope, context.RequestAborted);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl,
            redis is null ? [] : [("Redis:Configuration", redis.Configuration)])) { Logs = logs };
        var address = gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        // YARP has Agora's answer head: the gateway is reading its body.
        await LeaveAsync(address, $"PUT {path}", "",
            Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("response 200", StringComparison.Ordinal))), heard => heard));
        // The gateway has seen the client go: its connection's end is logged, and another request has been answered since.
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains(" reset.", StringComparison.Ordinal))), seen => seen);
        await admin.GetAsync("/api/v1/audit", Json.Cancel);
        body.SetResult();
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.Equal((200, 0, true), Outcome(entry));
    }

    /// <summary>
    /// A client that leaves once Agora's success has begun to reach it — the answer's head went, its body had not all —
    /// is recorded with Agora's outcome, the change made, and as having left: it did not hear all of the answer. It was
    /// recorded as a success its client had heard.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/rooms/room-1/states/1")]
    [InlineData($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/room-1/states/1")]
    public async Task AClientThatLeavesWhileAgorasSuccessReachesItIsRecordedWithAgorasSuccessAndAsHavingLeft(string path)
    {
        const string Start = """{"code":0,"msg":"Success","ts":1,"data":""", Rest = "null}";
        var logs = new CapturedLogs();
        var rest = NewSignal();
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Start.Length + Rest.Length;
            await context.Response.WriteAsync(Start, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await rest.Task;
            await context.Response.WriteAsync(Rest, CancellationToken.None);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var heard = "";

        await LeavingClient.LeaveAsync(address, $"PUT {path}", Teacher.Sign(), "", async socket => heard = await LeavingClient.ReadStatusLineAsync(socket));
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal)
            && line.Contains(" PUT ", StringComparison.Ordinal))), finished => finished);
        rest.SetResult();
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.StartsWith("HTTP/1.1 200", heard, StringComparison.Ordinal);
        Assert.Equal((200, 0, true), Outcome(entry));
    }

    /// <summary>The join created the room, and its client left while the gateway read the new room: the room was created.</summary>
    [Fact]
    public async Task AJoinWhoseClientLeavesAfterTheRoomWasCreatedIsRecordedAsTheCreation()
    {
        var logs = new CapturedLogs();
        var (requeried, release) = (NewSignal(), NewSignal());
        var reads = 0;
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                await RecordingUpstream.Reply(context, 200, Envelope);
            }
            else if (Interlocked.Increment(ref reads) == 1)
            {
                await RecordingUpstream.Reply(context, 404, $$"""{"code":{{AgoraCodes.RoomNotFound}},"msg":"room not found","ts":1}""");
            }
            else
            {
                requeried.TrySetResult();
                await release.Task;
                await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"maths","roomName":"Maths","roomType":4,"state":0}}""");
            }
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        await LeaveAsync(address, "POST /api/v1/rooms/maths/join", """{"roomName":"Maths","roomType":4}""", requeried.Task);
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal)
            && line.Contains(" POST ", StringComparison.Ordinal))), finished => finished);
        release.SetResult();
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.Equal("JoinRoom", entry.GetProperty("action").GetString());
        Assert.Equal((200, 0, true), Outcome(entry));
    }

    /// <summary>
    /// A client that leaves before Agora answers is a 499, and has left as every entry whose client left says: it had no
    /// <c>clientLeft</c>, so that a filter on it missed every call whose client left before an outcome.
    /// </summary>
    [Fact]
    public async Task AClientThatLeavesBeforeAgoraAnswersIsStillA499()
    {
        var logs = new CapturedLogs();
        var (arrived, release) = (NewSignal(), NewSignal());
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            arrived.TrySetResult();
            await release.Task;
            await RecordingUpstream.Reply(context, 200, Envelope);
        };
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(upstream.BaseUrl)) { Logs = logs };
        var address = gateway.StartOnASocket();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        await LeaveAsync(address, "PUT /api/v1/rooms/room-1/states/1", "", arrived.Task);
        await Poll.Until(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Request finished", StringComparison.Ordinal))), finished => finished);
        release.SetResult();
        var entry = Assert.Single(await admin.WaitForAuditAsync(1));

        Assert.Equal((499, 499, true), Outcome(entry));
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends a teacher's request on a socket of its own, and resets the connection once <paramref name="then"/> is done.</summary>
    static Task LeaveAsync(Uri address, string call, string body, Task then) =>
        LeavingClient.LeaveAsync(address, call, Teacher.Sign(), body, _ => then);

    static readonly TestJwt Teacher = new() { Subject = "teacher-1", Roles = new[] { "teacher", "admin" }, Rooms = new[] { "room-1", "maths" } };

    static (int Status, int Code, bool ClientLeft) Outcome(JsonElement entry) =>
        (entry.GetProperty("status").GetInt32(), entry.GetProperty("code").GetInt32(),
            entry.TryGetProperty("clientLeft", out var left) && left.GetBoolean());
}
