using System.Net.Http.Json;
using System.Text.Json;

namespace Gateway.Tests.Support;

public static class Json
{
    /// <summary>Deeper than the serializer's default of 64: an answer may carry a value as deep as a body may be, wrapped.</summary>
    static readonly JsonSerializerOptions Answers = new() { MaxDepth = 256 };

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Answers, TestContext.Current.CancellationToken);

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
