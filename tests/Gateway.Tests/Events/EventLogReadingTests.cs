using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Configuration;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Events;

/// <summary>A reader's wait for the next page of the log, as each follower of the log waits, a second at a time.</summary>
public sealed class EventLogReadingTests
{
    static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    /// <summary>Set by a test around its own calls: the exceptions thrown in their flow, and no other test's, are counted.</summary>
    static readonly AsyncLocal<StrongBox<int>?> Thrown = new();

    static EventLogReadingTests() => AppDomain.CurrentDomain.FirstChanceException += Count;

    static void Count(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (Thrown.Value is { } thrown)
        {
            Interlocked.Increment(ref thrown.Value);
        }
    }

    [Fact]
    public async Task AWaitNothingEndsIsAnEmptyPageAndThrowsNothing()
    {
        var log = new InProcessEventLog(Options.Create(new EventsOptions()), TimeProvider.System);
        var thrown = Thrown.Value = new StrongBox<int>();

        var page = await log.WaitForPageAsync(EventCursor.Start, 10, Short, TimeProvider.System, Json.Cancel);

        Assert.Empty(page.Events);
        Assert.Equal(0, thrown.Value);
    }

    [Fact]
    public async Task AWaitEndsWithTheEventsAppendedDuringIt()
    {
        var log = new InProcessEventLog(Options.Create(new EventsOptions()), TimeProvider.System);

        var waiting = log.WaitForPageAsync(EventCursor.Start, 10, TimeSpan.FromMinutes(1), TimeProvider.System, Json.Cancel);
        await log.AppendAsync([new AgoraEvent("room-1", 5, 1, 1, JsonSerializer.SerializeToElement(new { }))], InProcessEventLog.LocalFence, Json.Cancel);
        var page = await waiting.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);

        Assert.Equal([1L], page.Events.Select(logged => logged.Event.Sequence));
    }

    [Fact]
    public async Task ACancelledWaitIsCancelledNotAnEmptyPage()
    {
        var log = new InProcessEventLog(Options.Create(new EventsOptions()), TimeProvider.System);
        using var cancel = new CancellationTokenSource(Short);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            log.WaitForPageAsync(EventCursor.Start, 10, TimeSpan.FromMinutes(1), TimeProvider.System, cancel.Token));
    }
}
