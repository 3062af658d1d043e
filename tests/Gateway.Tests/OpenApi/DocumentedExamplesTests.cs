using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;

namespace Gateway.Tests.OpenApi;

/// <summary>Every request body example of the checked-in document, sent as it is to its operation, is accepted by the sandbox.</summary>
public sealed class DocumentedExamplesTests
{
    static readonly string[] Methods = ["post", "put", "patch", "delete"];

    [Fact]
    public async Task EveryRequestExampleIsAcceptedByItsOperation()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("openapi/gateway.v1.json"), Json.Cancel))!;
        var schemas = document["components"]!["schemas"]!;
        var operations = (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where Methods.Contains(operation.Key) && !path.Key.StartsWith("/edu/", StringComparison.Ordinal)
            let schema = (string?)operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]
            where schema is not null
            select (Id: (string)operation.Value!["operationId"]!, Method: operation.Key.ToUpperInvariant(), Path: DocumentedClass.Fill(path.Key),
                Example: schemas[schema.Split('/')[^1]]!["example"]?.ToJsonString())).ToList();
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var answers = new List<(string Id, HttpStatusCode Status, string Body)>();
        foreach (var (id, method, path, example) in operations.OrderBy(o => DocumentedClass.Rank(o.Id)))
        {
            Assert.True(example is not null, $"{id}: its body has no example");
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(example, Encoding.UTF8, "application/json") };
            var response = await admin.SendAsync(request, Json.Cancel);
            answers.Add((id, response.StatusCode, await response.Content.ReadAsStringAsync(Json.Cancel)));
            if (id == "CreateRoom")
            {
                await EnterAndStartAsync(gateway, admin);
            }
        }

        Assert.Contains(answers, a => a.Id == "SetWidget");
        Assert.Contains(answers, a => a.Id == "UpdateRecording");
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{a.Id}: {(int)a.Status} {a.Body}"));
    }

    /// <summary>The users the examples name enter the room, and the class starts.</summary>
    static async Task EnterAndStartAsync(GatewayFactory gateway, HttpClient admin)
    {
        foreach (var (user, role) in new[] { ("teacher-1", 1), ("student-1", 2), ("student-2", 2) })
        {
            await KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, "room-1", user, role);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel)).StatusCode);
    }
}
