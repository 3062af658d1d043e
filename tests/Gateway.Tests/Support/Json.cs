using System.Net.Http.Json;
using System.Text.Json;

namespace Gateway.Tests.Support;

public static class Json
{
    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
