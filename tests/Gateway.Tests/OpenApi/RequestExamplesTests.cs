using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Support;

namespace Gateway.Tests.OpenApi;

/// <summary>
/// Every request body of the checked-in document has an example, and that example without one of its required fields is
/// refused naming the field (<see cref="DocumentedExamplesTests"/> sends each example whole, in a class's order).
/// </summary>
public sealed class RequestExamplesTests
{
    static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    static JsonObject Document { get; } = JsonNode.Parse(File.ReadAllText(Repository.PathOf("openapi/gateway.v1.json")))!.AsObject();

    public static TheoryData<string> OperationsWithExamples()
    {
        var data = new TheoryData<string>();
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                if (Example(operation!) is not null)
                {
                    data.Add($"{method.ToUpperInvariant()} {path}");
                }
            }
        }
        return data;
    }

    [Fact]
    public void EveryBodyOfTheApiHasAnExample()
    {
        var operations = OperationsWithExamples().Select(row => row.Data).ToList();

        Assert.Contains("POST /api/v1/rooms/{roomUuid}", operations);
        Assert.Contains("PUT /api/v1/rooms/{roomUuid}/resources/{resourceUuid}", operations);
        Assert.Contains("POST /api/v1/rooms/{roomUuid}/users/{userUuid}/exit", operations);
        Assert.Contains("PUT /api/v1/rooms/{roomUuid}/records/states/{state}", operations);
    }

    public static TheoryData<string, string> RequiredFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in OperationsWithExamples().Select(row => row.Data))
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
            foreach (var field in BodySchema(Document["paths"]![path]![method.ToLowerInvariant()]!)?["required"]?.AsArray() ?? [])
            {
                data.Add(operation, (string)field!);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task TheExampleWithoutARequiredFieldIsRefusedNamingIt(string operation, string field)
    {
        var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
        var body = Example(Document["paths"]![path]![method.ToLowerInvariant()]!)!.DeepClone().AsObject();
        body.Remove(field);
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var target = path.Replace("{roomUuid}", "example-room", StringComparison.Ordinal).Replace("{resourceUuid}", "lesson-1", StringComparison.Ordinal)
            .Replace("{userUuid}", "student-1", StringComparison.Ordinal).Replace("{widgetUuid}", "quiz-1", StringComparison.Ordinal)
            .Replace("{state}", "1", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        var response = await admin.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJson()).GetProperty("errors").TryGetProperty(field, out _), $"{operation} without {field}: errors do not name it");
    }

    /// <summary>The example of the operation's JSON body: its own, or its schema's.</summary>
    static JsonNode? Example(JsonNode operation) =>
        operation["requestBody"]?["content"]?["application/json"]?["example"] ?? BodySchema(operation)?["example"];

    static JsonNode? BodySchema(JsonNode operation)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        return schema?["$ref"] is { } reference ? Document["components"]!["schemas"]![((string)reference!).Split('/')[^1]] : schema;
    }
}
