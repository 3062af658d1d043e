using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Tests.Launch;
using Gateway.Tests.Support;

namespace Gateway.Tests.OpenApi;

/// <summary>Every request body example of the checked-in document, sent as it is to its operation, is accepted by the sandbox.</summary>
public sealed class DocumentedExamplesTests
{
    static readonly string[] Methods = ["post", "put", "patch", "delete"];

    /// <summary>
    /// The order a class takes them in: the room exists before anything else, a recording runs before it is updated, a
    /// resource is there before it is deleted, a user is kicked last. Operations not named here go between.
    /// </summary>
    static readonly string[] First = ["CreateRoom", "JoinRoom", "UploadResource", "SetRecordingState", "UpdateRecording"];
    static readonly string[] Last = ["DeleteResources", "KickUser"];

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
            select (Id: (string)operation.Value!["operationId"]!, Method: operation.Key.ToUpperInvariant(), Path: Fill(path.Key),
                Example: schemas[schema.Split('/')[^1]]!["example"]?.ToJsonString())).ToList();
        await using var gateway = new GatewayFactory();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());

        var answers = new List<(string Id, HttpStatusCode Status, string Body)>();
        foreach (var (id, method, path, example) in operations.OrderBy(Rank))
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

    static int Rank((string Id, string Method, string Path, string? Example) operation) =>
        Array.IndexOf(First, operation.Id) is >= 0 and var first ? first
        : Array.IndexOf(Last, operation.Id) is >= 0 and var last ? 1000 + last
        : 100;

    /// <summary>The ids the examples speak of: room-1, its teacher and students, the quiz, the first lesson.</summary>
    static string Fill(string path) => Regex.Replace(path, @"\{([^}]+)\}", m => m.Groups[1].Value switch
    {
        "roomUuid" => "room-1",
        "userUuid" => "student-1",
        "widgetUuid" => "popupQuiz",
        "resourceUuid" => "lesson-1",
        "state" => "1",
        var other => throw new InvalidOperationException($"No example value for {{{other}}}."),
    });
}
