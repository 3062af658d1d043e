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
    /// <summary>A wait armed on the clock, and the types whose methods were on the stack as it was armed.</summary>
    public sealed record ArmedWait(TimeSpan Due, IReadOnlyList<Type> Callers)
    {
        /// <summary>Whether Polly's retry armed it.</summary>
        public bool ByRetry => Callers.Any(type => type.Namespace == "Polly.Retry");

        /// <summary>
        /// Whether the async method <paramref name="name"/> of <paramref name="owner"/> was on the stack (it runs as a state
        /// machine nested in its owner and named after it); <paramref name="innermost"/>: as the owner's innermost method,
        /// not, say, finishing its wait while the continuation after it arms another.
        /// </summary>
        public bool In(Type owner, string name, bool innermost = false)
        {
            var ofOwner = Callers.Where(type => type.DeclaringType == owner);
            return (innermost ? ofOwner.Take(1) : ofOwner).Any(type => type.Name.StartsWith($"<{name}>", StringComparison.Ordinal));
        }
    }

    readonly Channel<ArmedWait> _armed = Channel.CreateUnbounded<ArmedWait>();

    /// <summary>
    /// A timer created unarmed is seen when it is armed: <c>Task.Delay</c> creates its timer first and arms it after.
    /// </summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return new ArmedLater(timer, this);
        }
        Armed(dueTime);
        return timer;
    }

    void Armed(TimeSpan dueTime)
    {
        Type[] callers = [.. new StackTrace().GetFrames().Select(frame => frame.GetMethod()?.DeclaringType).OfType<Type>()];
        _armed.Writer.TryWrite(new ArmedWait(dueTime, callers));
    }

    sealed class ArmedLater(ITimer timer, WatchedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Armed(dueTime);
            }
            return timer.Change(dueTime, period);
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }

    /// <summary>The next wait armed that is <paramref name="matching"/>; the others armed before it are passed over.</summary>
    public async Task<ArmedWait> NextArmedAsync(Func<ArmedWait, bool> matching)
    {
        while (true)
        {
            var wait = await _armed.Reader.ReadAsync(TestContext.Current.CancellationToken);
            if (matching(wait))
            {
                return wait;
            }
        }
    }

    /// <summary>Waits for <paramref name="work"/>, ending each wait of Polly's retry armed meanwhile; answers those waits, in order.</summary>
    public Task<List<TimeSpan>> EndRetryWaitsUntil(Task work) => EndWaitsUntil(work, wait => wait.ByRetry);

    /// <summary>Waits for <paramref name="work"/>, ending each wait of <paramref name="due"/> armed meanwhile; answers those waits.</summary>
    public Task<List<TimeSpan>> EndWaitsUntil(Task work, TimeSpan due) => EndWaitsUntil(work, wait => wait.Due == due);

    /// <summary>Waits for <paramref name="work"/>, ending each wait armed meanwhile that <paramref name="ends"/>; answers those waits.</summary>
    public async Task<List<TimeSpan>> EndWaitsUntil(Task work, Func<ArmedWait, bool> ends)
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
