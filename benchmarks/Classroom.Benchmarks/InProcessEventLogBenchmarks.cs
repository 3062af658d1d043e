using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Classroom.Agora.Models;
using Gateway.Events;
using Microsoft.Extensions.Options;

namespace Classroom.Benchmarks;

/// <summary>
/// The in-process event log at its default retention (100,000 events): an admin reading it whole, 100 a page, as
/// <c>GET /api/v1/events</c> pages it, and the room streams' reader taking the newest page, as it does after each append.
/// </summary>
[MemoryDiagnoser]
public class InProcessEventLogBenchmarks
{
    const int Retention = 100_000, Page = 100;

    readonly InProcessEventLog _log = new(Options.Create(new EventsOptions()), TimeProvider.System);
    EventCursor _beforeNewestPage;

    [GlobalSetup]
    public async Task Fill()
    {
        var data = JsonSerializer.SerializeToElement(new { state = 1 });
        for (var sequence = 1; sequence <= Retention; sequence += Page)
        {
            await _log.AppendAsync([.. Enumerable.Range(sequence, Page).Select(s => new AgoraEvent("room-1", 1, s, 1, data))], null, CancellationToken.None);
        }
        var end = await _log.GetEndAsync(CancellationToken.None);
        _beforeNewestPage = end with { Seq = end.Seq - Page };
    }

    [Benchmark]
    public async Task<int> ReadTheWholeLogPageByPage()
    {
        var (read, after) = (0, EventCursor.Start);
        while (true)
        {
            var page = await _log.ReadAsync(after, Page, CancellationToken.None);
            if (page.Events.Count == 0)
            {
                return read;
            }
            (read, after) = (read + page.Events.Count, page.Next);
        }
    }

    [Benchmark]
    public async Task<int> ReadTheNewestPage() => (await _log.ReadAsync(_beforeNewestPage, Page, CancellationToken.None)).Events.Count;
}
