using Gateway.Resilience;

namespace Gateway.Tests.Resilience;

/// <summary>The waits of every background loop's retries (the poller, the lease, the followers of the log).</summary>
public sealed class BackoffTests
{
    /// <summary>
    /// Each wait is a random 50–100 % of its step, the first step given, twice as long after each failure in a row up to
    /// the cap: spread over that range, so that instances that failed together do not retry together.
    /// </summary>
    [Fact]
    public void EachWaitIsARandomHalfToAllOfAStepThatDoublesUpToTheCap()
    {
        var (first, max) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        double[] steps = [100, 100, 200, 400, 800, 1000, 1000, 1000]; // after 0 failures (as after 1), 1, 2, … 7

        var draws = steps.Select((_, failures) => Enumerable.Range(0, 1000).Select(_ => Backoff.After(failures, first, max).TotalMilliseconds).ToList()).ToList();

        Assert.All(steps.Zip(draws), pair =>
        {
            var (step, waits) = pair;
            Assert.All(waits, wait => Assert.InRange(wait, step / 2, step));
            // A thousand draws of a uniform spread reach both ends: a fixed fraction of the step would not.
            Assert.InRange(waits.Min(), step / 2, step * 0.55);
            Assert.InRange(waits.Max(), step * 0.95, step);
        });
    }
}
