using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// The poller's two callers of the lease, its renewal loop and an append whose fence was refused, meeting on a lease that
/// lapsed: the one that takes it back and the one that finds it taken (by this very instance) come back in either order.
/// </summary>
public sealed class LeaseRaceTests
{
    /// <summary>
    /// The lease lapses (as when Redis restarts without it) while the leader's next poll brings a batch: the append under
    /// the old fence is refused and takes the lease back, at the moment the renewal loop does the same. Redis runs one
    /// first, which takes a new token; the other finds that token there and is refused. The refusal must not make the
    /// instance forget the token it holds, or it would neither renew it nor poll until it expired (a whole lease without
    /// any instance polling), and say it lost the lease to another instance.
    /// </summary>
    [Fact]
    public async Task ARefusalRacingATakeoverByTheSameInstanceKeepsTheLeaseItTook()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var queue = await FakeEventQueue.StartAsync();
        var logs = new CapturedLogs();
        await using var factory = new GatewayFactory(GatewayFactory.OutsideTheSandbox(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration))) { Logs = logs };
        await using var gateway = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(provider => new InterleavedLease(provider.GetRequiredService<RedisEventLog>()));
            services.AddSingleton<IPollerLease>(provider => provider.GetRequiredService<InterleavedLease>());
        }));
        using var admin = gateway.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        var lease = gateway.Services.GetRequiredService<InterleavedLease>();
        Assert.True(await gateway.ComesToLeadAsync());

        lease.InterleaveNextTwo();
        await redis.CliAsync("del", SandboxKeys.Events + "poller");
        var produced = queue.Produce("room-1", 2);
        var taken = await lease.Taken.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        var events = await admin.WaitForLogAsync(produced.Count);
        var heldAfter = await lease.HeldAfter.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);

        Assert.NotNull(taken);
        Assert.Equal(produced.Select(EventLogClient.ToEntry), events);
        // The next renewal is made with the token the instance took, which Redis still holds.
        Assert.Equal(taken, heldAfter);
        Assert.Equal(taken, (await redis.CliAsync("get", SandboxKeys.Events + "poller")).Trim());
        Assert.DoesNotContain(logs.Lines, line => line.Contains("this instance no longer polls", StringComparison.Ordinal));
    }

    /// <summary>
    /// Holds the first of the next two calls until the second comes (or, when none comes while it waits, runs it alone), runs
    /// both in Redis, the first first, and answers the first before the second, the first caller going on with its answer
    /// before the second is answered; then records the token the next call holds.
    /// </summary>
    sealed class InterleavedLease(RedisEventLog inner) : IPollerLease
    {
        /// <summary>Longer than a renewal interval: the other caller comes within it, unless it waits its turn.</summary>
        static readonly TimeSpan WaitForTheSecond = TimeSpan.FromSeconds(5);

        readonly Lock _gate = new();
        readonly TaskCompletionSource<string?> _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource<string?> _heldAfter = new(TaskCreationOptions.RunContinuationsAsynchronously);
        // Not asynchronous: the first caller goes on with its answer inline, before the second gets its own.
        TaskCompletionSource<string?>? _first;
        TaskCompletionSource? _second;
        string? _firstHeld;
        bool _armed;

        /// <summary>The token the first of the two calls got.</summary>
        public Task<string?> Taken => _taken.Task;

        /// <summary>The token the first call after the two renews with.</summary>
        public Task<string?> HeldAfter => _heldAfter.Task;

        public void InterleaveNextTwo()
        {
            lock (_gate)
            {
                _armed = true;
            }
        }

        public async Task<string?> TryHoldAsync(string? held, CancellationToken cancellationToken)
        {
            TaskCompletionSource<string?>? first = null;
            TaskCompletionSource? second = null;
            lock (_gate)
            {
                if (_taken.Task.IsCompleted)
                {
                    _heldAfter.TrySetResult(held);
                }
                else if (_armed && _first is null)
                {
                    first = _first = new TaskCompletionSource<string?>();
                    _second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _firstHeld = held;
                }
                else if (_armed)
                {
                    _armed = false;
                    second = _second;
                }
            }
            if (first is not null)
            {
                var cameSecond = await Task.WhenAny(_second!.Task, Task.Delay(WaitForTheSecond, CancellationToken.None));
                var runAlone = false;
                if (cameSecond != _second.Task)
                {
                    lock (_gate)
                    {
                        runAlone = _armed;
                        _armed = false;
                    }
                }
                if (runAlone)
                {
                    var alone = await inner.TryHoldAsync(held, CancellationToken.None);
                    _taken.TrySetResult(alone);
                    return alone;
                }
                return await first.Task;
            }
            if (second is null)
            {
                return await inner.TryHoldAsync(held, cancellationToken);
            }
            second.SetResult();
            var taken = await inner.TryHoldAsync(_firstHeld, CancellationToken.None);
            var refused = await inner.TryHoldAsync(held, CancellationToken.None);
            _first!.SetResult(taken);
            _taken.TrySetResult(taken);
            return refused;
        }

        public Task ReleaseAsync(string held, CancellationToken cancellationToken) => inner.ReleaseAsync(held, cancellationToken);
    }
}
