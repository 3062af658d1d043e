using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    const string DocumentPath = "openapi/gateway.v1.json";
    const string UpdateVariable = "UPDATE_OPENAPI";
    const string DocumentUrl = "/swagger/v1/swagger.json";
    const string Regenerate = $"{DocumentPath} differs from the served document; regenerate it: {UpdateVariable}=1 dotnet test --project tests/Gateway.Tests --filter-class \"*OpenApiDocumentTests\"";

    [Fact]
    public async Task TheCheckedInDocumentIsTheOneTheSandboxServes()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var response = await client.GetAsync(DocumentUrl, Json.Cancel);
        var served = await response.Content.ReadAsStringAsync(Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checkedIn = await CheckedIn(served);
        Assert.True(checkedIn is not null && JsonNode.DeepEquals(JsonNode.Parse(served), JsonNode.Parse(checkedIn)), Regenerate);
    }

    [Fact]
    public async Task EveryRequestOfOneProcessServesTheSameDocument()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var served = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            served.Add(await client.GetStringAsync(DocumentUrl, Json.Cancel));
        }
        served.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetStringAsync(DocumentUrl, Json.Cancel))));

        var checkedIn = await CheckedIn(served[0]);
        Assert.All(served, document => Assert.Equal(served[0], document));
        Assert.All(served, document => Assert.True(checkedIn == AsCheckedIn(document), Regenerate));
    }

    [Fact]
    public async Task TheDocumentIsGeneratedOnceHoweverOftenItIsAsked()
    {
        var generations = new CountingDocumentFilter();
        await using var sandbox = new GatewayFactory();
        await using var gateway = sandbox.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.ConfigureSwaggerGen(options => options.AddDocumentFilterInstance(generations))));
        using var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync(DocumentUrl, Json.Cancel)).StatusCode);
        }
        var unknown = await client.GetAsync("/swagger/v2/swagger.json", Json.Cancel);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(1, generations.Count);
    }

    [Fact]
    public async Task ThePassthroughOffersOnlyPathsTheGatewayForwards()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        var created = await admin.PostAsync("/api/v1/rooms/room-1",
            new StringContent("""{"roomName":"Physics 101","roomType":4}""", System.Text.Encoding.UTF8, "application/json"), Json.Cancel);

        var document = await (await anonymous.GetAsync(DocumentUrl, Json.Cancel)).ReadJson();
        var path = document.GetProperty("paths").GetProperty("/edu/{path}").GetProperty("parameters")[0];
        var example = path.GetProperty("example").GetString()!;
        var answer = await admin.GetAsync("/edu/" + example, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.StartsWith($"apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/", example, StringComparison.Ordinal);
        Assert.DoesNotContain("polling", path.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, (await answer.ReadJson()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task TheDocumentedIdPatternTakesTheCharactersTheGatewayTakes()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var document = await (await client.GetAsync(DocumentUrl, Json.Cancel)).ReadJson();
        var roomUuid = document.GetProperty("paths").GetProperty("/api/v1/rooms/{roomUuid}").GetProperty("post").GetProperty("parameters")[0];
        var schema = roomUuid.GetProperty("schema");
        var pattern = new System.Text.RegularExpressions.Regex(schema.GetProperty("pattern").GetString()!);

        Assert.Equal(Classroom.Agora.Validation.AgoraIds.MaxBytes, schema.GetProperty("maxLength").GetInt32());
        Assert.All(Enumerable.Range(0, 128).Select(c => ((char)c).ToString()),
            id => Assert.Equal(Classroom.Agora.Validation.AgoraIds.IsValid(id), pattern.IsMatch(id)));
    }

    /// <summary>
    /// Each operation's summary is the one its route gives (<c>WithSummary</c>): a code comment on the route's handler,
    /// written for the code's readers, is not what Swagger UI shows as the operation's title.
    /// </summary>
    [Fact]
    public async Task EveryOperationIsSummarisedAsItsRouteSummarisesIt()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var document = await (await client.GetAsync(DocumentUrl, Json.Cancel)).ReadJson();
        var summaries = gateway.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .Select(e => (Name: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()?.EndpointName,
                Summary: e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>()?.Summary))
            .Where(e => e.Name is not null && e.Summary is not null)
            .ToDictionary(e => e.Name!, e => e.Summary!);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                && o.Value.TryGetProperty("operationId", out _)))
            .Select(o => (Id: o.Value.GetProperty("operationId").GetString()!, Summary: o.Value.GetProperty("summary").GetString()))
            .Where(o => summaries.ContainsKey(o.Id))
            .ToList();

        Assert.Contains(operations, o => o.Id == "SetBreakoutGroups");
        Assert.All(operations, o => Assert.Equal((o.Id, summaries[o.Id]), (o.Id, o.Summary)));
    }

    /// <summary>The checked-in document, written first from <paramref name="served"/> when asked to regenerate it.</summary>
    static async Task<string?> CheckedIn(string served)
    {
        var file = Repository.PathOf(DocumentPath);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(file, AsCheckedIn(served), Json.Cancel);
        }
        return File.Exists(file) ? await File.ReadAllTextAsync(file, Json.Cancel) : null;
    }

    static string AsCheckedIn(string served) => served.ReplaceLineEndings("\n") + "\n";

    [Fact]
    public async Task OutsideTheSandboxTheDocumentHasNoDevTokenAndNoSandboxNote()
    {
        await using var gateway = GatewayFactory.InFrontOf(new Uri("http://127.0.0.1:9"));
        using var client = gateway.CreateClient();

        var response = await client.GetAsync(DocumentUrl, Json.Cancel);
        var document = await response.ReadJson();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(document.GetProperty("paths").TryGetProperty("/dev/token", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/rooms/{roomUuid}/resources", out _));
        Assert.DoesNotContain("Sandbox", document.GetProperty("info").GetProperty("description").GetString());
    }

    [Fact]
    public async Task TheSandboxDocumentOffersDevTokenWithoutASignIn()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var document = await (await client.GetAsync(DocumentUrl, Json.Cancel)).ReadJson();

        var devToken = document.GetProperty("paths").GetProperty("/dev/token").GetProperty("post");
        Assert.False(devToken.TryGetProperty("security", out _));
        Assert.Contains("POST /dev/token", document.GetProperty("info").GetProperty("description").GetString());
        var resources = document.GetProperty("paths").GetProperty("/api/v1/rooms/{roomUuid}/resources").GetProperty("get");
        Assert.Equal("Bearer", resources.GetProperty("security")[0].EnumerateObject().Single().Name);
    }

    /// <summary>Counts the documents generated: each generation runs every document filter once.</summary>
    sealed class CountingDocumentFilter : IDocumentFilter
    {
        int _count;

        public int Count => _count;

        public void Apply(OpenApiDocument document, DocumentFilterContext context) => Interlocked.Increment(ref _count);
    }
}
