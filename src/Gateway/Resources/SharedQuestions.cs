using System.Collections.Concurrent;

namespace Gateway.Resources;

/// <summary>
/// The questions being asked of Agora about a room's cached answer, so that the reads that miss the same room at the same
/// time share one answer. Only reads of the same cache generation share: a read that starts after a write has moved the
/// room's generation on never takes an answer asked for before the write.
/// </summary>
public sealed class SharedQuestions<T>
{
    readonly ConcurrentDictionary<(string Room, string Generation), Task<T>> _asking = new();

    /// <summary>
    /// The answer already being asked for the room's <paramref name="generation"/>, with <paramref name="mine"/> null; or,
    /// when no read is asking yet, the answer this read is to ask, with <paramref name="mine"/> to give it through
    /// <see cref="Answer"/> or <see cref="Fail"/> whatever happens, so that no read waits for it forever.
    /// </summary>
    public Task<T> Join(string room, string generation, out TaskCompletionSource<T>? mine)
    {
        var question = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asking = _asking.GetOrAdd((room, generation), question.Task);
        mine = asking == question.Task ? question : null;
        return asking;
    }

    /// <summary>Gives the reads waiting the answer; the next read that misses asks afresh.</summary>
    public void Answer(string room, string generation, TaskCompletionSource<T> mine, T answer)
    {
        _asking.TryRemove(KeyValuePair.Create((room, generation), mine.Task));
        mine.SetResult(answer);
    }

    /// <summary>Gives the reads waiting the failure of the question; the next read that misses asks afresh.</summary>
    public void Fail(string room, string generation, TaskCompletionSource<T> mine, Exception failure)
    {
        _asking.TryRemove(KeyValuePair.Create((room, generation), mine.Task));
        mine.SetException(failure);
    }
}
