using System.Collections.Concurrent;
using System.Net;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Resources;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

public sealed class ResourceListInvalidationTests
{
    sealed class RecordingInvalidator : IResourceListInvalidator
    {
        public ConcurrentQueue<string> Rooms { get; } = new();

        public Task InvalidateAsync(string roomUuid, CancellationToken cancellationToken)
        {
            Rooms.Enqueue(roomUuid);
            return Task.CompletedTask;
        }

        public Task InvalidateAllHereAsync() => Task.CompletedTask;
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task EveryInstanceInvalidatesTheRoomOfAResourcesChangedEventAndNoOther(string shape)
    {
        await using var redis = await RedisDeployments.StartAsync(shape);
        await using var queue = await FakeEventQueue.StartAsync();
        var onA = new RecordingInvalidator();
        var onB = new RecordingInvalidator();
        await using var a = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        await using var b = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration, ("Events:PollingEnabled", "false")));
        await using var withA = a.WithWebHostBuilder(w => w.ConfigureTestServices(s => s.AddSingleton<IResourceListInvalidator>(onA)));
        await using var withB = b.WithWebHostBuilder(w => w.ConfigureTestServices(s => s.AddSingleton<IResourceListInvalidator>(onB)));
        using var admin = withB.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        withA.StartServer();
        // B is up and reaches the log (a busy machine may connect it to Redis a little after its start).
        Assert.Equal(HttpStatusCode.OK, (await Poll.Until(() => admin.ReadPageAsync(tolerateFailure: true), page => page.Status == HttpStatusCode.OK)).Status);

        queue.Produce("room-1", 1, EventCmd.PublicResourcesChanged);
        queue.Produce("room-2", 3, EventCmd.ClassState);
        queue.Produce("room-3", 1, EventCmd.PublicResourcesChanged);
        await admin.WaitForLogAsync(5);
        await Poll.Until(() => Task.FromResult(onA.Rooms.Count + onB.Rooms.Count), n => n >= 4);

        Assert.Equal(["room-1", "room-3"], onA.Rooms.Order());
        Assert.Equal(["room-1", "room-3"], onB.Rooms.Order());
    }
}
