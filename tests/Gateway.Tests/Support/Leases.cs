using Gateway.Redis;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Support;

/// <summary>
/// An instance serves its own copies (<see cref="LocalCopies"/>) only while its lease holds, and a renewal later than the
/// lease's margin, as a busy enough machine makes one, lapses it: the copies go, rightly, and reads ask Redis again. A test
/// of what the copies serve runs its phase again when a lease lapsed during it.
/// </summary>
public static class Leases
{
    const int Attempts = 3;

    /// <summary>
    /// Waits until every one of <paramref name="instances"/> holds its lease. Redis answering an instance's readiness is not
    /// enough for a test of what Redis serves: the lease is taken by the first renewal after the connection, which a loaded
    /// machine delays, and what an instance stores in Redis before it takes its lease is not served once it has
    /// (<see cref="LocalCopies.ServedFromRedisSince"/>), so the read after a first one would miss.
    /// </summary>
    public static async Task UntilHeldAsync(params WebApplicationFactory<Program>[] instances)
    {
        var copies = instances.Select(instance => instance.Services.GetRequiredService<LocalCopies>()).ToArray();
        Assert.True(await Poll.Until(() => Task.FromResult(copies.All(copy => copy.Leased)), leased => leased), "a lease of local copies was not taken");
    }

    /// <summary>
    /// Runs <paramref name="phase"/> once every instance holds its lease, again while any lease lapsed during it (a lapsed
    /// lease is not held, or was taken again, which moved the epoch), and returns the result of the last run.
    /// </summary>
    public static Task<T> HeldThroughout<T>(IReadOnlyList<GatewayFactory> instances, Func<Task<T>> phase) =>
        HeldThroughout(() => Task.FromResult((instances, 0)), _ => phase());

    /// <summary>
    /// As the other, for a phase that leaves its instances changed (a writer that holds writes back): each run is on the
    /// instances <paramref name="start"/> makes for it, whose leases are the ones watched, with what else it made for them.
    /// </summary>
    public static async Task<T> HeldThroughout<TMade, T>(Func<Task<(IReadOnlyList<GatewayFactory> Instances, TMade Made)>> start,
        Func<TMade, Task<T>> phase)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (instances, made) = await start();
            var copies = instances.Select(instance => instance.Services.GetRequiredService<LocalCopies>()).ToArray();
            await Poll.Until(() => Task.FromResult(copies.All(copy => copy.Leased)), leased => leased);
            var epochs = copies.Select(copy => copy.Epoch).ToArray();
            var result = await phase(made);
            if (attempt == Attempts || copies.Select((copy, i) => copy.Leased && copy.Epoch == epochs[i]).All(held => held))
            {
                return result;
            }
        }
    }
}
