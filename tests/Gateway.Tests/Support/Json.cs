using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Support;

public static class Json
{
    /// <summary>Deeper than the serializer's default of 64: an answer may carry a value as deep as a body may be, wrapped.</summary>
    static readonly JsonSerializerOptions Answers = new() { MaxDepth = 256 };

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Answers, TestContext.Current.CancellationToken);

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A request body of <paramref name="json"/>, as <c>application/json</c>.</summary>
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>An answer's status and body, for a failed assertion's message.</summary>
    public static async Task<string> Describe(HttpResponseMessage answer) =>
        $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(Cancel)}";
}
