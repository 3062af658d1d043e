namespace Gateway.Tests.Support;

public static class Poll
{
    /// <summary>
    /// Repeats <paramref name="act"/> until <paramref name="done"/> holds or <paramref name="limit"/> (20 s by default)
    /// passes, and returns the last result for the test to assert on: for what takes its own time, like reconnection.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> act, Func<T, bool> done, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await act();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
