using System.Net;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>Reads <c>GET /api/v1/events</c> the way a client is meant to: from a cursor, following <c>next</c>.</summary>
public static class EventLogClient
{
    public sealed record Entry(string RoomUuid, int Cmd, long Sequence, string Data);

    public sealed record Page(HttpStatusCode Status, IReadOnlyList<Entry> List, string Next);

    /// <summary>One page; with <paramref name="tolerateFailure"/> a failed answer is an empty page (for waiting through outages).</summary>
    public static async Task<Page> ReadPageAsync(this HttpClient admin, string? after = null, int? limit = null, bool tolerateFailure = false)
    {
        var query = new List<string>();
        if (after is not null)
        {
            query.Add("after=" + Uri.EscapeDataString(after));
        }
        if (limit is not null)
        {
            query.Add($"limit={limit}");
        }
        var response = await admin.GetAsync("/api/v1/events" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), Json.Cancel);
        if (tolerateFailure && response.StatusCode != HttpStatusCode.OK)
        {
            return new Page(response.StatusCode, [], after ?? "");
        }
        var body = await response.ReadJson();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        Assert.Equal("Success", body.GetProperty("msg").GetString());
        var data = body.GetProperty("data");
        var list = data.GetProperty("list").EnumerateArray().Select(ToEntry).ToList();
        return new Page(response.StatusCode, list, data.GetProperty("next").GetString()!);
    }

    /// <summary>Everything after <paramref name="after"/>, page by page, and the cursor to go on from.</summary>
    public static async Task<(IReadOnlyList<Entry> Events, string Next)> ReadAllAsync(this HttpClient admin, string? after = null,
        int limit = 100, bool tolerateFailure = false)
    {
        var all = new List<Entry>();
        while (true)
        {
            var page = await admin.ReadPageAsync(after, limit, tolerateFailure);
            all.AddRange(page.List);
            if (page.List.Count == 0)
            {
                return (all, page.Next);
            }
            after = page.Next;
        }
    }

    /// <summary>Reads the whole log until it holds <paramref name="count"/> events (or the wait runs out).</summary>
    public static async Task<IReadOnlyList<Entry>> WaitForLogAsync(this HttpClient admin, int count) =>
        (await Poll.Until(() => admin.ReadAllAsync(tolerateFailure: true), r => r.Events.Count >= count, TimeSpan.FromSeconds(40))).Events;

    public static Entry ToEntry(JsonElement e) => new(e.GetProperty("roomUuid").GetString()!, e.GetProperty("cmd").GetInt32(),
        e.GetProperty("sequence").GetInt64(), e.GetProperty("data").GetRawText());

    public static Entry ToEntry(Classroom.Agora.Models.AgoraEvent e) => new(e.RoomUuid, e.Cmd, e.Sequence, e.Data.GetRawText());
}
