using System.Net;
using Gateway.Audit;
using Gateway.Configuration;
using Gateway.Redis;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Deploy;

/// <summary>The gateway as an orchestrator stops it: SIGTERM to a real process, with what it has in hand.</summary>
public sealed class GracefulStopTests
{
    /// <summary>
    /// A call in flight at SIGTERM is waited for, and so is the audit trail's write of its entry, which goes on for its
    /// 10 s while Redis cannot be reached and is then said to be lost. The join makes up to three calls to Agora one after
    /// the other (the room's query, its create, the query again), each bounded by <c>Agora:TimeoutSeconds</c>: with each
    /// near its bound the join alone ran to the host's default 30 s shutdown timeout, which then ended the process in the
    /// audit writer's stop, its entry neither written nor said lost.
    /// </summary>
    [Fact]
    public async Task AJoinInFlightWhoseEveryCallIsSlowIsAnsweredAndItsAuditEntryWrittenOrSaidLost()
    {
        await using var redis = await RedisServer.StartAsync();
        using var route = new SeverableRelay(redis.Port);
        await using var upstream = await RecordingUpstream.StartAsync();
        var arrived = new TaskCompletionSource();
        var created = false;
        upstream.Respond = async context =>
        {
            arrived.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(9));
            if (HttpMethods.IsPost(context.Request.Method))
            {
                created = true;
                await RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");
            }
            else
            {
                await RecordingUpstream.Reply(context, created ? 200 : 404, created
                    ? """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"maths","roomName":"Maths","roomProperties":{"roomType":4},"state":0}}"""
                    : """{"code":20404100,"msg":"Room not found","ts":1}""");
            }
        };
        // Long enough for a 9 s answer on a busy machine.
        var environment = EventTestSettings.ProcessEnvironment(upstream.BaseUrl,
            ("Redis:Configuration", route.Configuration), ("Agora:TimeoutSeconds", "12"), ("Events:PollingEnabled", "false"));
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(150) };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("maths").Sign());
        var join = teacher.PostAsync("/api/v1/rooms/maths/join",
            new StringContent("""{"roomName":"Maths","roomType":4}""", System.Text.Encoding.UTF8, "application/json"), Json.Cancel);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);

        route.Sever();
        gateway.Terminate();
        var answer = await join;
        var exitCode = await gateway.WaitForExitAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["GET", "POST", "GET"], upstream.Requests.Select(r => r.Method));
        Assert.Contains("Lost 1 audit entries that could not be written", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    /// <summary>
    /// The stop's bound covers the longest request, the join, at its worst, and the audit trail's write after it, with its
    /// margin left over. The join makes three calls to Agora, each up to its bound, and drops every instance's copy of the
    /// room it made, each Redis command of which may take its whole timeout: the invalidation's two commands (the room's
    /// generation, the publication), the last failing; the other instances' leases lapsing, a lease and its margin from
    /// then; the two commands once more, which Redis takes; then the wait for an acknowledgement never sent, a lease and its
    /// margin, the asking sent just before its end, one command more, and a pause. The bound counted a lease alone for that
    /// drop: 3 s where it may take 9.55 s with Redis's default 500 ms, and 57 s with its longest, 10 s.
    /// </summary>
    [Theory]
    [InlineData(10, 500)]
    [InlineData(12, 500)]
    [InlineData(1, 50)]
    [InlineData(10, 10_000)]
    public void TheStopsBoundCoversTheLongestJoinAndTheAuditTrailsWriteWithItsMarginLeftOver(int agoraTimeoutSeconds, int redisCommandTimeoutMilliseconds)
    {
        var command = TimeSpan.FromMilliseconds(redisCommandTimeoutMilliseconds);
        var leasesLapsed = LocalCopies.LeaseTime + LocalCopies.Margin;
        var invalidation = 2 * command;
        var dropOfTheRoomsCopies = invalidation + leasesLapsed + invalidation + leasesLapsed + command + LocalCopies.LongestPause;
        var join = GracefulStop.LongestChainOfCalls * TimeSpan.FromSeconds(agoraTimeoutSeconds) + dropOfTheRoomsCopies;

        var bound = GracefulStop.For(agoraTimeoutSeconds, command);

        Assert.True(GracefulStop.Margin > TimeSpan.Zero);
        Assert.True(bound - join - AuditWriter.WriteOnStopFor >= GracefulStop.Margin,
            $"{bound.TotalSeconds} s for a join of up to {join.TotalSeconds} s and the audit trail's {AuditWriter.WriteOnStopFor.TotalSeconds} s");
    }
}
