using System.Text.Json.Nodes;
using Gateway.Tests.Support;

namespace Gateway.Tests.OpenApi;

/// <summary>
/// Spectral (npm, installed by test.sh in tests/spectral) lints the checked-in document with openapi/.spectral.yaml:
/// Spectral's OpenAPI rules and OWASP's API security rules. An error fails the test with Spectral's own report.
/// </summary>
public sealed class SpectralLintTests
{
    const string Ruleset = "openapi/.spectral.yaml";

    [Fact]
    public async Task TheCheckedInDocumentHasNoSpectralError()
    {
        var (exitCode, report) = await LintAsync(Repository.PathOf("openapi/gateway.v1.json"));

        Assert.True(exitCode == 0, $"Spectral found errors in openapi/gateway.v1.json ({Ruleset}):\n{report}");
    }

    [Fact]
    public async Task AnInputWithoutABoundIsAnError()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("openapi/gateway.v1.json"), Json.Cancel))!;
        document["components"]!["schemas"]!["CreateRoomRequest"]!["properties"]!["roomName"]!.AsObject().Remove("maxLength");
        var unbounded = Path.Combine(Path.GetTempPath(), $"gateway-unbounded-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(unbounded, document.ToJsonString(), Json.Cancel);
        try
        {
            var (exitCode, report) = await LintAsync(unbounded);

            Assert.Equal(1, exitCode);
            Assert.Single(report.Split('\n'), line => line.Contains(" error owasp:api4:2023-string-limit ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(unbounded);
        }
    }

    static async Task<(int ExitCode, string Report)> LintAsync(string document)
    {
        var exit = await NodeCommand.RunAsync(Repository.PathOf("tests/spectral"), "node_modules/@stoplight/spectral-cli/dist/index.js",
            ["lint", document, "--ruleset", Repository.PathOf(Ruleset), "--fail-severity", "error", "--format", "text"]);
        return (exit.Code, exit.Output);
    }
}
