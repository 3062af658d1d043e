using System.Collections.Concurrent;

namespace Gateway.Redis;

/// <summary>
/// The sweep of a table of what this instance wrote to Redis and must remember for a while (the invalidations it made,
/// the kicks it made): its ended entries go at most once <paramref name="every"/>, by one caller at a time, as nothing
/// else empties such a table while Redis stays healthy. Times are in whatever unit the owner counts in, the same for
/// <paramref name="every"/>, <paramref name="now"/> and each <see cref="Run"/>.
/// </summary>
public sealed class EndedEntriesSweep(long every, long now)
{
    long _sweptAt = now;

    /// <summary>Removes the entries of <paramref name="table"/> that have <paramref name="ended"/> at <paramref name="now"/>, when a sweep is due.</summary>
    public void Run<TKey, TValue>(ConcurrentDictionary<TKey, TValue> table, long now, Func<TValue, long, bool> ended) where TKey : notnull
    {
        var swept = Interlocked.Read(ref _sweptAt);
        if (now - swept < every || Interlocked.CompareExchange(ref _sweptAt, now, swept) != swept)
        {
            return;
        }
        foreach (var entry in table)
        {
            if (ended(entry.Value, now))
            {
                table.TryRemove(entry);
            }
        }
    }
}
