using System.Text.Json.Nodes;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.OpenApi;

/// <summary>Rules the checked-in document keeps, so that an integrator can rely on every operation alike.</summary>
public sealed class OpenApiLintTests
{
    static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    const string ProblemRef = "#/components/schemas/GatewayProblem";

    static JsonObject Document { get; } = JsonNode.Parse(File.ReadAllText(Repository.PathOf("openapi/gateway.v1.json")))!.AsObject();

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                data.Add($"{method.ToUpperInvariant()} {path}");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void EveryOperationHasAnIdASummaryADescriptionASuccessAndAProblem(string operation)
    {
        var (method, path) = (operation.Split(' ')[0].ToLowerInvariant(), operation.Split(' ')[1]);
        var body = Document["paths"]![path]![method]!.AsObject();
        var responses = body["responses"]!.AsObject();

        Assert.False(string.IsNullOrWhiteSpace((string?)body["operationId"]), "operationId");
        Assert.False(string.IsNullOrWhiteSpace((string?)body["summary"]), "summary");
        Assert.False(string.IsNullOrWhiteSpace((string?)body["description"]), "description");
        Assert.Contains(responses, r => r.Key.StartsWith('2') && r.Value!["content"]?.AsObject().Any(c => c.Value!["schema"] is not null) == true);
        var problems = responses.Where(r => r.Key[0] is '4' or '5').ToList();
        Assert.Contains(problems, r => (string?)r.Value!["content"]?["application/problem+json"]?["schema"]?["$ref"] == ProblemRef);
        Assert.All(problems, r => Assert.False(string.IsNullOrWhiteSpace((string?)r.Value!["description"]), $"{r.Key} description"));
        if (body["security"] is not null)
        {
            Assert.Contains("401", responses.Select(r => r.Key));
        }
    }

    [Fact]
    public void OperationIdsAreUniqueAndEveryReferenceResolves()
    {
        var ids = Document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => (string?)o.Value!["operationId"]))
            .ToList();
        var components = Document["components"]!.AsObject()
            .SelectMany(kind => kind.Value!.AsObject().Select(c => $"#/components/{kind.Key}/{c.Key}")).ToHashSet();
        var references = References(Document).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, components));
    }

    /// <summary>
    /// What every answer carries is declared on every response: <c>X-Request-Id</c>, the challenge of a 401, and a 413 and a
    /// 501 on every operation, as any request may declare a body over the limit or send one in a transfer coding.
    /// </summary>
    [Fact]
    public void EveryResponseDeclaresTheRequestIdEvery401TheChallengeAndEveryOperationA413AndA501()
    {
        var operations = Document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => (Name: $"{o.Key} {p.Key}", Responses: o.Value!["responses"]!.AsObject())))
            .ToList();

        Assert.NotEmpty(operations);
        Assert.All(operations, operation =>
        {
            Assert.True(operation.Responses.ContainsKey("413"), operation.Name);
            Assert.True(operation.Responses.ContainsKey("501"), operation.Name);
            Assert.All(operation.Responses, response =>
            {
                Assert.Equal("#/components/headers/X-Request-Id", (string?)response.Value!["headers"]?["X-Request-Id"]?["$ref"]);
                Assert.Equal(response.Key == "401" ? "#/components/headers/WWW-Authenticate" : null,
                    (string?)response.Value!["headers"]?["WWW-Authenticate"]?["$ref"]);
            });
        });
    }

    /// <summary>
    /// OpenAPI matches a concrete path before a templated one, so a tool reading the document takes every request to a
    /// concrete path for that path alone: where a concrete path (<c>…/states/1</c>) is also a value of a templated one
    /// (<c>…/states/{state}</c>), it must carry every method of the templated one, or a validator, a mock server or an
    /// API gateway importing the document refuses a call the gateway answers.
    /// </summary>
    [Fact]
    public void NoConcretePathHidesAMethodOfATemplatedOne()
    {
        var paths = Document["paths"]!.AsObject()
            .Select(p => (Path: p.Key, Methods: p.Value!.AsObject().Select(o => o.Key).Where(Methods.Contains).ToHashSet())).ToList();

        var hidden = (
            from concrete in paths
            from templated in paths
            where concrete.Path != templated.Path && Shadows(concrete.Path, templated.Path)
            from method in templated.Methods.Except(concrete.Methods)
            select $"{method.ToUpperInvariant()} {concrete.Path} is matched to that path, which has no {method}, before {templated.Path}").ToList();

        Assert.Contains(paths, p => p.Path == "/api/v1/rooms/{roomUuid}/records/states/{state}");
        Assert.True(hidden.Count == 0, string.Join("\n", hidden));
    }

    /// <summary>Same segments, where each of <paramref name="concrete"/>'s is the other's or fills a parameter the other has there, one at least.</summary>
    static bool Shadows(string concrete, string templated)
    {
        var (mine, theirs) = (concrete.Split('/'), templated.Split('/'));
        return mine.Length == theirs.Length
            && mine.Zip(theirs).All(s => s.First == s.Second || (IsParameter(s.Second) && !IsParameter(s.First)))
            && mine.Zip(theirs).Any(s => s.First != s.Second);
    }

    static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    [Fact]
    public void TheBearerSchemeIsDeclaredForAuthorize()
    {
        var scheme = Document["components"]!["securitySchemes"]!["Bearer"]!;

        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.Equal("JWT", (string?)scheme["bearerFormat"]);
    }

    [Fact]
    public async Task EveryRouteTheGatewayServesIsDocumented()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();
        var served = await client.GetStringAsync("/swagger/v1/swagger.json", Json.Cancel);
        var paths = JsonNode.Parse(served)!["paths"]!.AsObject();

        var routes = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .Select(e => (Path: Normalize(e.RoutePattern.RawText!), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(r => !r.Path.StartsWith("/swagger", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, route =>
        {
            // A route of one value of a templated path is described under that path, taking that value only.
            var path = paths.ContainsKey(route.Path) ? route.Path : paths.Select(p => p.Key).FirstOrDefault(p => Shadows(route.Path, p));
            Assert.True(path is not null, $"{route.Path} is not documented");
            Assert.All(route.Methods, m =>
            {
                var operation = paths[path]![m.ToLowerInvariant()];
                Assert.True(operation is not null, $"{m} {route.Path} is not documented");
                foreach (var (value, segment) in route.Path.Split('/').Zip(path.Split('/')).Where(s => s.First != s.Second))
                {
                    var parameter = operation["parameters"]!.AsArray().Single(p => $"{{{p!["name"]}}}" == segment)!;
                    Assert.Equal([value], parameter["schema"]!["enum"]!.AsArray().Select(v => v!.ToJsonString()));
                }
            });
        });
    }

    /// <summary>A route pattern as OpenAPI spells it: a leading slash and none trailing, no catch-all stars, no constraints.</summary>
    static string Normalize(string pattern) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(pattern.Trim('/'), @"\{\*{0,2}([^}:=?]+)[^}]*\}", "{$1}");

    static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [(string)p.Value!] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
