using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

public static class HubReadiness
{
    /// <summary>
    /// Waits until <paramref name="instance"/>'s room streams can open: its hub has reached the log once. A stream asked
    /// for before then waits for the hub's first try only, and a loaded machine may connect to Redis after it, when the
    /// answer is a 503 (and a stream ticket presented with it is spent).
    /// </summary>
    public static async Task WaitUntilStreamsOpenAsync(this WebApplicationFactory<Program> instance)
    {
        using var _ = await instance.Services.GetRequiredService<RoomEventHub>().SubscribeOnceReachedAsync("room-of-no-one");
    }

    /// <summary>A subscription to <paramref name="roomUuid"/>'s events, once the hub has a position in the log.</summary>
    public static async Task<RoomSubscription> SubscribeOnceReachedAsync(this RoomEventHub hub, string roomUuid)
    {
        var subscription = await Poll.Until(() => Task.FromResult(hub.Subscribe(roomUuid)), s => s is not null);
        Assert.True(subscription is not null, "the instance's hub never reached the log");
        return subscription;
    }
}
