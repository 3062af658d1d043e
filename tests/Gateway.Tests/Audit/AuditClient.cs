using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests.Audit;

/// <summary>Reads the audit trail as an admin would, through <c>GET /api/v1/audit</c>.</summary>
public static class AuditClient
{
    public sealed record Page(IReadOnlyList<JsonElement> List, string Next);

    public static async Task<Page> ReadAuditAsync(this HttpClient admin, string query = "")
    {
        var response = await admin.GetAsync("/api/v1/audit" + query, Json.Cancel);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return new Page([], ""); // the trail cannot be read now (Redis reconnecting): nothing seen yet
        }
        var data = (await response.ReadJson()).GetProperty("data");
        return new Page([.. data.GetProperty("list").EnumerateArray()], data.GetProperty("next").GetString()!);
    }

    /// <summary>
    /// The whole trail once it holds at least <paramref name="count"/> entries (they are written behind the calls), waiting
    /// up to a minute: a writer that met a failing Redis retries after a backoff of up to 30 s.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForAuditAsync(this HttpClient admin, int count, string query = "?limit=1000")
    {
        var page = await Poll.Until(() => admin.ReadAuditAsync(query), p => p.List.Count >= count, TimeSpan.FromMinutes(1));
        return page.List;
    }

    /// <summary>
    /// The whole trail, a thousand entries a page, once it holds at least <paramref name="count"/> entries, waiting as
    /// <see cref="WaitForAuditAsync"/> does.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForWholeAuditAsync(this HttpClient admin, int count) =>
        await Poll.Until(() => admin.ReadWholeAuditAsync(), all => all.Count >= count, TimeSpan.FromMinutes(1));

    static async Task<List<JsonElement>> ReadWholeAuditAsync(this HttpClient admin)
    {
        const int PageSize = 1000;
        var (all, after) = (new List<JsonElement>(), "");
        while (true)
        {
            var page = await admin.ReadAuditAsync($"?limit={PageSize}" + (after == "" ? "" : "&after=" + after));
            all.AddRange(page.List);
            if (page.List.Count < PageSize)
            {
                return all;
            }
            after = page.Next;
        }
    }

    public static string Action(this JsonElement entry) => entry.GetProperty("action").GetString()!;

    public static string Actor(this JsonElement entry) => entry.GetProperty("actor").GetString()!;
}
