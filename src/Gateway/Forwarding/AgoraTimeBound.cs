using System.Diagnostics;

namespace Gateway.Forwarding;

/// <summary>
/// The gateway's bound on Agora's time in one forwarded exchange (<c>Agora:TimeoutSeconds</c>), taken as a whole:
/// connecting, sending, the answer's headers and its body, so that a body that trickles cannot hold on. The gateway's own
/// work as a write's answer starts (<see cref="OnAnswerStarting"/>) is not Agora's time: the bound stands still while it
/// runs and starts afresh after it. Nor is the client's time to take the answer (<see cref="ClientPacedBody"/>): the bound
/// stands still while a write to the client waits, so that a client reading slowly neither has its answer cut off nor
/// counts as Agora failing. A write's bound is held in the request's features while the exchange lasts.
/// </summary>
/// <remarks>Held and released only by the request's own flow, one step at a time; holds nest.</remarks>
public sealed class AgoraTimeBound(TimeSpan limit) : CancellationTokenSource(limit)
{
    readonly TimeSpan _limit = limit;
    TimeSpan _left = limit;
    long _runningSince = Stopwatch.GetTimestamp();
    int _holds;

    /// <summary>
    /// Runs the gateway's own <paramref name="work"/> as <paramref name="context"/>'s answer starts, before the caller
    /// hears it (dropping every instance's copies, which waits out a lease when Redis cannot say who dropped them;
    /// remembering a kick); the pieces one request registers run together, so that their lease waits overlap. When the
    /// answer is Agora's, forwarded, Agora's bound stands still meanwhile: counted in it,
    /// that work could run the bound out while the answer's first bytes were written, and YARP aborted an answer whose
    /// headers had gone, to a write Agora had made.
    /// </summary>
    /// <remarks>
    /// A request that ends with no answer started (its client left, a 499, while Agora had the call) runs the work as it
    /// ends: Agora may have made the change all the same, and no answer will ever start to run it. The work runs in the
    /// request's own context, its log scope (the request id) and activity, also when the answer starts only after the
    /// pipeline has returned (one without a body) or as the request ends, outside it.
    /// </remarks>
    public static void OnAnswerStarting(HttpContext context, Func<Task> work)
    {
        var request = ExecutionContext.Capture();
        Task Work() => request is null ? work() : InContext(request, work);
        if (context.Items[AnswerWorkKey] is List<Func<Task>> registered)
        {
            registered.Add(Work);
            return;
        }
        List<Func<Task>> works = [Work];
        context.Items[AnswerWorkKey] = works;
        var ran = false;
        context.Response.OnStarting(async () =>
        {
            ran = true;
            var bound = context.Features.Get<AgoraTimeBound>();
            bound?.Hold();
            try
            {
                await RunTogether(works);
            }
            finally
            {
                bound?.Release(afresh: true);
            }
        });
        context.Response.OnCompleted(() => ran ? Task.CompletedTask : RunTogether(works));
    }

    /// <summary>The request's work for its answer's start, one list per request, run by one callback.</summary>
    static readonly object AnswerWorkKey = new();

    /// <summary>
    /// Each piece may wait out a lease (a room's resource list and its details, a kick's ban): run together, an answer
    /// waits one lease while Redis cannot be told, not one after another for each.
    /// </summary>
    static Task RunTogether(List<Func<Task>> works) => works.Count == 1 ? works[0]() : Task.WhenAll(works.Select(work => work()));

    static Task InContext(ExecutionContext request, Func<Task> work)
    {
        var running = Task.CompletedTask;
        ExecutionContext.Run(request, _ => running = work(), null);
        return running;
    }

    /// <summary>
    /// Whether the call is known to have changed nothing at Agora: it was never sent there (<see cref="SentToAgora"/>),
    /// whatever it ended as (a 499 too: its client left before its body arrived or before its refusal was written), or its
    /// answer is a refusal, a 4xx. A call sent whose client left (a 499), like a 5xx or a timeout, leaves nobody knowing
    /// whether Agora made the change.
    /// </summary>
    public static bool ChangedNothing(HttpContext context) =>
        context.Features.Get<SentToAgora>() is null
        || context.Response.StatusCode is >= 400 and < 500 and not StatusCodes.Status499ClientClosedRequest;

    /// <summary>Stops the bound's clock, keeping what is left of it, until the matching <see cref="Release"/>.</summary>
    public void Hold()
    {
        if (_holds++ == 0)
        {
            _left -= Stopwatch.GetElapsedTime(_runningSince);
            Move(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Runs the bound's clock on from what was left of it, or from the whole bound when <paramref name="afresh"/>.</summary>
    public void Release(bool afresh = false)
    {
        if (afresh)
        {
            _left = _limit;
        }
        if (--_holds == 0)
        {
            _runningSince = Stopwatch.GetTimestamp();
            Move(_left > TimeSpan.Zero ? _left : TimeSpan.Zero);
        }
    }

    void Move(TimeSpan delay)
    {
        try
        {
            CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The exchange is over: nothing is left to bound.
        }
    }
}
