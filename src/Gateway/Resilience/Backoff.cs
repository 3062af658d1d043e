namespace Gateway.Resilience;

/// <summary>Exponential waits between retries, with jitter (a random 50–100 % of the step) so that retries do not fall in step.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max)
    {
        var ceiling = TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 30)), max.Ticks));
        return ceiling * (0.5 + Random.Shared.NextDouble() / 2);
    }
}
