namespace Gateway.Resilience;

/// <summary>Exponential waits between retries, with jitter (a random 50–100 % of the step) so that retries do not fall in step.</summary>
public static class Backoff
{
    /// <summary>
    /// The longest wait between the attempts of a graceful stop, which has seconds to store what waits: with a running
    /// loop's backoff, a storage back a few seconds into the stop would be tried again only after its time was up.
    /// </summary>
    public static readonly TimeSpan MaxOnStop = TimeSpan.FromSeconds(1);

    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max)
    {
        var ceiling = TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 30)), max.Ticks));
        return ceiling * (0.5 + Random.Shared.NextDouble() / 2);
    }
}
