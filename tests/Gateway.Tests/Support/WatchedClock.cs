using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Support;

/// <summary>
/// A fake clock that tells when code arms a timer on it (a wait on this <see cref="TimeProvider"/>), so a test moves time
/// exactly as far as the wait it means — no further, never before the wait began, and not for the gateway's other loops
/// (the resource-change follower rechecks every second).
/// </summary>
public sealed class WatchedClock() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    /// <summary>A wait armed on the clock, and whether Polly's retry armed it.</summary>
    public sealed record ArmedWait(TimeSpan Due, bool ByRetry);

    readonly Channel<ArmedWait> _armed = Channel.CreateUnbounded<ArmedWait>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        var byRetry = new StackTrace().GetFrames().Any(frame => frame.GetMethod()?.DeclaringType?.Namespace == "Polly.Retry");
        _armed.Writer.TryWrite(new ArmedWait(dueTime, byRetry));
        return timer;
    }

    /// <summary>Waits for <paramref name="work"/>, ending each wait of Polly's retry armed meanwhile; answers those waits, in order.</summary>
    public Task<List<TimeSpan>> EndRetryWaitsUntil(Task work) => EndWaitsUntil(work, wait => wait.ByRetry);

    /// <summary>Waits for <paramref name="work"/>, ending each wait of <paramref name="due"/> armed meanwhile; answers those waits.</summary>
    public Task<List<TimeSpan>> EndWaitsUntil(Task work, TimeSpan due) => EndWaitsUntil(work, wait => wait.Due == due);

    async Task<List<TimeSpan>> EndWaitsUntil(Task work, Func<ArmedWait, bool> ends)
    {
        var ended = new List<TimeSpan>();
        while (true)
        {
            var armed = _armed.Reader.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask();
            if (await Task.WhenAny(work, armed) == work)
            {
                return ended;
            }
            while (_armed.Reader.TryRead(out var wait))
            {
                if (ends(wait))
                {
                    ended.Add(wait.Due);
                    Advance(wait.Due);
                }
            }
        }
    }
}
