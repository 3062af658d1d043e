using System.Collections.Concurrent;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Events;

/// <summary>
/// Agora's app-wide event queue on a loopback socket, scripted by the test: events are produced in order (a sequence
/// per room), each handed out once, at most 100 a poll; answers can be made to fail first.
/// </summary>
public sealed class FakeEventQueue : IAsyncDisposable
{
    const int BatchSize = 100;

    readonly Lock _gate = new();
    readonly Queue<AgoraEvent> _pending = new();
    readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<Func<HttpContext, Task>> _failures = new();
    readonly List<AgoraEvent> _produced = [];
    readonly List<IReadOnlyList<AgoraEvent>> _handedOut = [];
    readonly ConcurrentQueue<Func<CancellationToken, Task>> _slowAnswers = new();
    int _pollsInFlight;
    int _mostPollsAtOnce;
    int _pollsGivenUp;

    FakeEventQueue(RecordingUpstream upstream) => Upstream = upstream;

    public RecordingUpstream Upstream { get; }

    public Uri BaseUrl => Upstream.BaseUrl;

    /// <summary>Every event produced so far, in the order it was queued.</summary>
    public IReadOnlyList<AgoraEvent> Produced
    {
        get
        {
            lock (_gate)
            {
                return [.. _produced];
            }
        }
    }

    /// <summary>Every non-empty batch the queue answered a poll with, in order.</summary>
    public IReadOnlyList<IReadOnlyList<AgoraEvent>> HandedOut
    {
        get
        {
            lock (_gate)
            {
                return [.. _handedOut];
            }
        }
    }

    public int Undelivered
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public static async Task<FakeEventQueue> StartAsync()
    {
        var queue = new FakeEventQueue(await RecordingUpstream.StartAsync());
        queue.Upstream.Respond = queue.Answer;
        return queue;
    }

    /// <summary>Queues <paramref name="count"/> events of <paramref name="roomUuid"/>, continuing its sequence.</summary>
    public IReadOnlyList<AgoraEvent> Produce(string roomUuid, int count, int cmd = EventCmd.ClassState)
    {
        lock (_gate)
        {
            var made = new List<AgoraEvent>();
            for (var i = 0; i < count; i++)
            {
                var sequence = _sequences[roomUuid] = _sequences.GetValueOrDefault(roomUuid) + 1;
                using var data = JsonDocument.Parse($$"""{"state":1,"n":{{sequence}}}""");
                var produced = new AgoraEvent(roomUuid, cmd, sequence, 1, data.RootElement.Clone());
                _pending.Enqueue(produced);
                _produced.Add(produced);
                made.Add(produced);
            }
            return made;
        }
    }

    /// <summary>The next poll is answered with <paramref name="status"/> and <paramref name="body"/> instead.</summary>
    public void FailNext(int status, string body, string? retryAfter = null) => _failures.Enqueue(context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        return RecordingUpstream.Reply(context, status, body, body.StartsWith('{') ? "application/json" : "text/plain");
    });

    /// <summary>
    /// The next poll that takes events takes them off the queue at once, as Agora does when it takes a poll, and answers
    /// after <paramref name="delay"/>, unless its caller gives up first.
    /// </summary>
    public void AnswerNextAfter(TimeSpan delay) => _slowAnswers.Enqueue(aborted => Task.Delay(delay, aborted));

    /// <summary>The same, answering once <paramref name="release"/> completes.</summary>
    public void AnswerNextWhen(Task release) => _slowAnswers.Enqueue(release.WaitAsync);

    /// <summary>The most polls this queue was answering at one time.</summary>
    public int MostPollsAtOnce
    {
        get
        {
            lock (_gate)
            {
                return _mostPollsAtOnce;
            }
        }
    }

    /// <summary>Polls whose caller gave up before the answer.</summary>
    public int PollsGivenUp => Volatile.Read(ref _pollsGivenUp);

    /// <summary>How calls other than polls are answered: Agora's empty success unless a test says otherwise.</summary>
    public Func<HttpContext, Task> Otherwise { get; set; } = context => RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");

    async Task Answer(HttpContext context)
    {
        if (!context.Request.Path.Value!.Contains("/edu/polling/apps/", StringComparison.Ordinal))
        {
            await Otherwise(context);
            return;
        }
        lock (_gate)
        {
            _mostPollsAtOnce = Math.Max(_mostPollsAtOnce, ++_pollsInFlight);
        }
        try
        {
            await AnswerPoll(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _pollsGivenUp);
        }
        finally
        {
            lock (_gate)
            {
                _pollsInFlight--;
            }
        }
    }

    async Task AnswerPoll(HttpContext context)
    {
        if (_failures.TryDequeue(out var failure))
        {
            await failure(context);
            return;
        }
        List<AgoraEvent> batch = [];
        lock (_gate)
        {
            while (batch.Count < BatchSize && _pending.TryDequeue(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count > 0)
            {
                _handedOut.Add(batch);
            }
        }
        if (batch.Count > 0 && _slowAnswers.TryDequeue(out var answerWhen))
        {
            await answerWhen(context.RequestAborted);
        }
        await RecordingUpstream.Reply(context, 200, JsonSerializer.Serialize(AgoraEnvelope<List<AgoraEvent>>.Success(batch, DateTimeOffset.UtcNow)));
    }

    public ValueTask DisposeAsync() => Upstream.DisposeAsync();
}
