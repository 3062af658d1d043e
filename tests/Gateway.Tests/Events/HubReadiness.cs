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
        var hub = instance.Services.GetRequiredService<RoomEventHub>();
        var reached = await Poll.Until(() =>
        {
            using var probe = hub.Subscribe("room-of-no-one");
            return Task.FromResult(probe is not null);
        }, opens => opens, TimeSpan.FromSeconds(30));
        Assert.True(reached, "the instance's room streams never reached the log");
    }
}
