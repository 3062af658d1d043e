using System.Net;

namespace Gateway.Tests.Support;

/// <summary>
/// One read forwarded to Agora and answered, before a test whose call must fit in a bound of a few seconds: on a loaded
/// machine the first exchange of a cold upstream and gateway took seconds of its own and ran the bound out (a 504), where
/// a warm one takes milliseconds. A read: it invalidates nothing, so it says nothing of what the test then watches.
/// </summary>
public static class FirstExchange
{
    public static async Task AnsweredAsync(HttpClient client, CancellationToken cancellationToken) =>
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rooms/room-1/sequences", cancellationToken)).StatusCode);
}
