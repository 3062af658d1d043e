using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// Which instances lead the event poller. Leading needs more than half of the lease left since the last renewal, and
/// the lease is renewed every third of it: a renewal a busy machine holds back leaves no leader for a moment, so a test
/// waits for the leader it expects rather than reading one instant.
/// </summary>
public static class Leaders
{
    public static bool Leads(this WebApplicationFactory<Program> gateway) => gateway.Services.GetRequiredService<EventPoller>().IsLeader;

    /// <summary>Whether <paramref name="gateway"/> leads within <paramref name="limit"/> (<see cref="Poll.Until{T}"/>'s when null).</summary>
    public static Task<bool> ComesToLeadAsync(this WebApplicationFactory<Program> gateway, TimeSpan? limit = null) =>
        Poll.Until(() => Task.FromResult(gateway.Leads()), leads => leads, limit);

    /// <summary>The one of <paramref name="gateways"/> that leads, once just one does; null when that never comes.</summary>
    public static async Task<WebApplicationFactory<Program>?> TheOneLeadingAsync(params WebApplicationFactory<Program>[] gateways)
    {
        var leading = await Poll.Until(() => Task.FromResult(gateways.Where(Leads).ToArray()), found => found.Length == 1);
        return leading.Length == 1 ? leading[0] : null;
    }
}
