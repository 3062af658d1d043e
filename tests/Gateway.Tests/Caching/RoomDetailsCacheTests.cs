using System.Net;
using System.Text.Json;
using Classroom.Agora;
using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Gateway.Tests.Caching;

/// <summary>
/// <c>GET /api/v1/rooms/{roomUuid}</c> and the join read Agora's query classroom through one cache per room, shared by
/// instances through Redis (or in process), dropped by every write that names the room.
/// </summary>
public sealed class RoomDetailsCacheTests
{
    /// <summary>An upstream whose rooms are renamed by every write it receives: version n is named "v{n}".</summary>
    sealed class RenamedByWrites
    {
        int _version;

        public Task Respond(HttpContext context)
        {
            if (!HttpMethods.IsGet(context.Request.Method))
            {
                Interlocked.Increment(ref _version);
                return RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1}""");
            }
            var name = "v" + Volatile.Read(ref _version);
            return RecordingUpstream.Reply(context, 200,
                """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"r","roomName":"NAME","state":0,"createTime":1,"roomProperties":{"roomType":4}}}"""
                    .Replace("NAME", name, StringComparison.Ordinal));
        }
    }

    static async Task<(string? CacheStatus, string? Name)> ReadAsync(HttpClient client, string room = "room-1")
    {
        var response = await client.GetAsync($"/api/v1/rooms/{room}", Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.Single() : null;
        return (status, (await response.ReadJson()).GetProperty("data").GetProperty("roomName").GetString());
    }

    static async Task<GatewayCluster> ClusterRenamedByWrites(bool withRedis) =>
        await ClusterRenamedByWrites(withRedis ? await RedisServer.StartAsync() : null);

    static async Task<GatewayCluster> ClusterRenamedByWrites(IRedisDeployment? redis)
    {
        var cluster = await GatewayCluster.StartAsync(redis);
        cluster.Upstream.Respond = new RenamedByWrites().Respond;
        return cluster;
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task AWriteThroughOneInstanceMakesTheOthersNextReadFresh(string redis)
    {
        await using var cluster = await ClusterRenamedByWrites(await RedisDeployments.StartAsync(redis));
        var a = await cluster.AddConnectedInstanceAsync();
        var b = await cluster.AddConnectedInstanceAsync();
        using var onA = a.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var onB = b.CreateClient(TestJwt.Teacher("room-1").Sign());

        // A keeps the hit it reads as its own copy, which the write through B must take away.
        Assert.True(await Poll.Until(() => Task.FromResult(a.Services.GetRequiredService<LocalCopies>().Leased), leased => leased));

        var first = await ReadAsync(onA);
        var sharedHit = await ReadAsync(onB);
        var copiedOnA = await ReadAsync(onA);
        var started = await onB.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);
        var afterWrite = await ReadAsync(onA);
        var againOnB = await ReadAsync(onB);

        Assert.Equal(("MISS", "v0"), first);
        Assert.Equal(("HIT", "v0"), sharedHit);
        Assert.Equal(("HIT", "v0"), copiedOnA);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(("MISS", "v1"), afterWrite);
        Assert.Equal(("HIT", "v1"), againOnB);
    }

    [Fact]
    public async Task AJoinOfAUserAndRoomSeenBeforeIsServedFromTheInstancesOwnCopiesWithoutAskingRedis()
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: true);
        var instance = await cluster.AddConnectedInstanceAsync();
        using var student = instance.CreateClient(TestJwt.Student("room-1").Sign());
        using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis!.Configuration + ",allowAdmin=true");
        Assert.True(await Poll.Until(() => Task.FromResult(instance.Services.GetRequiredService<LocalCopies>().Leased), leased => leased));
        var first = await JoinAsync(student);
        var second = await JoinAsync(student);
        var roomReads = RoomReads(cluster);

        // Behind the instance's back, as eviction and a kick whose message was lost would: the room's details leave
        // Redis, and a ban of the student enters it.
        var details = redis.GetServers().Single().Keys(pattern: "classroom-gateway:room:*room-1}:list").Single();
        var ban = ((string)details!).Replace("classroom-gateway:room:", "classroom-gateway:kicked:", StringComparison.Ordinal)
            .Replace("}:list", "}:student-1", StringComparison.Ordinal);
        await redis.GetDatabase().KeyDeleteAsync(details);
        await redis.GetDatabase().StringSetAsync(ban, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(), TimeSpan.FromHours(1));
        var fromCopies = await JoinAsync(student);

        Assert.Equal((HttpStatusCode.OK, "v0"), first);
        Assert.Equal((HttpStatusCode.OK, "v0"), second);
        Assert.Equal((HttpStatusCode.OK, "v0"), fromCopies);
        Assert.Equal(roomReads, RoomReads(cluster));
    }

    static async Task<(HttpStatusCode Status, string? RoomName)> JoinAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel);
        var name = response.IsSuccessStatusCode ? (await response.ReadJson()).GetProperty("data").GetProperty("roomName").GetString() : null;
        return (response.StatusCode, name);
    }

    static int RoomReads(GatewayCluster cluster) =>
        cluster.Upstream.Requests.Count(r => r.Method == "GET" && r.RawTarget.EndsWith("/rooms/room-1", StringComparison.Ordinal));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APassthroughWriteToTheRoomDropsItAndOneToAnotherRoomDoesNot(bool withRedis)
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis);
        var gateway = withRedis ? await cluster.AddConnectedInstanceAsync() : cluster.AddInstance();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var passthrough = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms";

        await ReadAsync(admin);
        var otherRoom = await admin.PutAsync($"{passthrough}/room-2/properties", Body("""{"properties":{"a":1}}"""), Json.Cancel);
        var afterOther = await ReadAsync(admin);
        var thisRoom = await admin.PutAsync($"{passthrough}/room-1/properties", Body("""{"properties":{"a":1}}"""), Json.Cancel);
        var afterThis = await ReadAsync(admin);

        Assert.Equal(HttpStatusCode.OK, otherRoom.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thisRoom.StatusCode);
        Assert.Equal("HIT", afterOther.CacheStatus);
        Assert.Equal(("MISS", "v2"), afterThis);
    }

    [Fact]
    public async Task ARefusedWriteAndAJoinKeepTheRoom()
    {
        await using var cluster = await ClusterRenamedByWrites(withRedis: false);
        var gateway = cluster.AddInstance();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await ReadAsync(teacher);
        var refused = await teacher.PutAsync("/api/v1/rooms/room-1/states/9", null, Json.Cancel);
        var joined = await teacher.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel);
        var after = await ReadAsync(teacher);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(("HIT", "v0"), after);
        Assert.Single(cluster.Upstream.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task AnErrorIsNeverKept()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = context => RecordingUpstream.Reply(context, 404, """{"code":20404100,"msg":"classroom does not exist","ts":1}""");
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        var first = await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var second = await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        Assert.All([first, second], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(20404100, (await second.ReadJson()).GetProperty("code").GetInt32());
        Assert.Equal(2, upstream.Requests.Count);
    }

    static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
