using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Emulator.Journal;
using Microsoft.AspNetCore.WebUtilities;

namespace Classroom.Emulator.Faults;

/// <summary>
/// An answer Agora gives on a bad day that no call of the API provokes: 429 over the app's call frequency, 403
/// with 30403200 for a muted room, 500, 503, a non-JSON page from a proxy, a slow answer.
/// </summary>
public sealed record EmulatedFault(int Status)
{
    /// <summary>With a business code the body is Agora's <c>{"code","msg","ts"}</c>; without, <c>{"message"}</c>.</summary>
    public int? Code { get; init; }

    public string? Message { get; init; }

    /// <summary>A body sent as it is, as text/html, instead of JSON.</summary>
    public string? RawBody { get; init; }

    /// <summary>Extra response headers, such as <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>How long to wait before answering, on the real clock: it stands for a slow network.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Which requests it hits; all when null.</summary>
    public Func<ReceivedRequest, bool>? Matches { get; init; }
}

/// <summary>Faults waiting for requests: each one answers the next <c>times</c> requests it matches, then is spent. Thread-safe.</summary>
public sealed class EmulatedFaults(TimeProvider time)
{
    readonly Lock _gate = new();
    readonly List<(EmulatedFault Fault, int Left)> _pending = [];

    public void Add(EmulatedFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _pending.Add((fault, times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    internal EmulatedFault? TakeFor(ReceivedRequest request)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(pending => pending.Fault.Matches?.Invoke(request) ?? true);
            if (index < 0)
            {
                return null;
            }
            var (fault, left) = _pending[index];
            if (left == 1)
            {
                _pending.RemoveAt(index);
            }
            else
            {
                _pending[index] = (fault, left - 1);
            }
            return fault;
        }
    }

    internal async Task AnswerAsync(HttpContext context, EmulatedFault fault)
    {
        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
        }
        var response = context.Response;
        response.StatusCode = fault.Status;
        foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }
        if (fault.RawBody is { } raw)
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(raw, context.RequestAborted);
            return;
        }
        var message = fault.Message ?? ReasonPhrases.GetReasonPhrase(fault.Status);
        object body = fault.Code is { } code
            ? new AgoraError(code, message, time.GetUtcNow().ToUnixTimeMilliseconds())
            : new AgoraMessage(message);
        await response.WriteAsJsonAsync(body, body.GetType(), JsonSerializerOptions.Web, context.RequestAborted);
    }
}

static class EmulatedFaultsMiddleware
{
    /// <summary>Runs right after the journal, so a faulted request is still journalled, and before anything else.</summary>
    public static IApplicationBuilder UseEmulatedFaults(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var faults = context.RequestServices.GetRequiredService<EmulatedFaults>();
        if (faults.TakeFor(context.JournalEntry()) is { } fault)
        {
            await faults.AnswerAsync(context, fault);
            return;
        }
        await next(context);
    });
}
