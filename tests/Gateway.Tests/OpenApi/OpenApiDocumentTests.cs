using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Support;

namespace Gateway.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    const string DocumentPath = "openapi/gateway.v1.json";
    const string UpdateVariable = "UPDATE_OPENAPI";

    [Fact]
    public async Task TheCheckedInDocumentIsTheOneTheSandboxServes()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel);
        var served = await response.Content.ReadAsStringAsync(Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Repository.PathOf(DocumentPath);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(file, served.ReplaceLineEndings("\n") + "\n", Json.Cancel);
        }
        var checkedIn = File.Exists(file) ? JsonNode.Parse(await File.ReadAllTextAsync(file, Json.Cancel)) : null;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served), checkedIn),
            $"{DocumentPath} differs from the served document; regenerate it: {UpdateVariable}=1 dotnet test --project tests/Gateway.Tests --filter-class \"*OpenApiDocumentTests\"");
    }

    [Fact]
    public async Task OutsideTheSandboxTheDocumentHasNoDevTokenAndNoSandboxNote()
    {
        await using var gateway = GatewayFactory.InFrontOf(new Uri("http://127.0.0.1:9"));
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel);
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

        var document = await (await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel)).ReadJson();

        var devToken = document.GetProperty("paths").GetProperty("/dev/token").GetProperty("post");
        Assert.False(devToken.TryGetProperty("security", out _));
        Assert.Contains("POST /dev/token", document.GetProperty("info").GetProperty("description").GetString());
        var resources = document.GetProperty("paths").GetProperty("/api/v1/rooms/{roomUuid}/resources").GetProperty("get");
        Assert.Equal("Bearer", resources.GetProperty("security")[0].EnumerateObject().Single().Name);
    }
}
