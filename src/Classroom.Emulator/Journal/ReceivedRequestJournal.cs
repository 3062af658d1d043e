using Classroom.Emulator.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Classroom.Emulator.Journal;

/// <summary>
/// One request as it reached the emulator: the path and query still percent-encoded, every header, and the protocol
/// it came in (<c>HTTP/1.1</c>, <c>HTTP/2</c>).
/// </summary>
public sealed record ReceivedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyDictionary<string, string[]> Headers,
    DateTimeOffset ReceivedAt,
    string Protocol)
{
    /// <summary>The path and query together, as on the request line.</summary>
    public string RawTarget => RawPath + RawQuery;

    /// <summary>A header's values joined by commas, or null when the request had none.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;
}

/// <summary>
/// The last <see cref="Capacity"/> requests the emulator received, oldest first, so a test of the gateway can assert
/// exactly what went upstream. Thread-safe.
/// </summary>
public sealed class ReceivedRequestJournal(TimeProvider time)
{
    public const int Capacity = 1000;

    readonly Lock _gate = new();
    readonly Queue<ReceivedRequest> _entries = new();
    readonly List<(Func<ReceivedRequest, bool> Match, TaskCompletionSource<ReceivedRequest> Found)> _waiters = [];

    public IReadOnlyList<ReceivedRequest> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>The first held request that matches, or the next one to arrive.</summary>
    public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        TaskCompletionSource<ReceivedRequest> found;
        lock (_gate)
        {
            if (_entries.FirstOrDefault(match) is { } held)
            {
                return held;
            }
            found = new TaskCompletionSource<ReceivedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
        }
        try
        {
            return await found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(waiter => waiter.Found == found);
            }
        }
    }

    internal ReceivedRequest Record(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var queryStart = target?.IndexOf('?', StringComparison.Ordinal) ?? -1;
        var rawQuery = queryStart >= 0 ? target![queryStart..] : request.QueryString.Value ?? "";
        var headers = request.Headers.ToDictionary(
            header => header.Key, header => header.Value.Select(value => value ?? "").ToArray(), StringComparer.OrdinalIgnoreCase);
        var entry = new ReceivedRequest(request.Method, RawPathIds.RawPath(context), rawQuery, headers, time.GetUtcNow(), request.Protocol);

        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(entry)))
            {
                waiter.Found.TrySetResult(entry);
            }
        }
        return entry;
    }
}

static class RequestJournalMiddleware
{
    public static IApplicationBuilder UseRequestJournal(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items[typeof(ReceivedRequest)] = context.RequestServices.GetRequiredService<ReceivedRequestJournal>().Record(context);
        return next(context);
    });

    /// <summary>The journal's entry for the request being served.</summary>
    public static ReceivedRequest JournalEntry(this HttpContext context) => (ReceivedRequest)context.Items[typeof(ReceivedRequest)]!;
}
