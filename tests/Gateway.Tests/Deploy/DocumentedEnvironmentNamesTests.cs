using System.Text.RegularExpressions;
using Gateway.Tests.Support;

namespace Gateway.Tests.Deploy;

/// <summary>
/// Every environment variable the recipes of the README and docs/ set for a gateway (<c>export NAME=…</c> in their
/// <c>sh</c> blocks, <c>-e NAME=…</c> of <c>docker run</c>) is a key the gateway reads: a recipe with a misspelled
/// <c>Section__Key</c> would start a gateway on a default without a word, as the deployment files would
/// (<see cref="EnvironmentNamesTests"/>).
/// </summary>
public sealed partial class DocumentedEnvironmentNamesTests
{
    static readonly string[] Pages = ["README.md", "docs/security.md", "docs/caching.md", "docs/events.md"];

    [Fact]
    public async Task EveryNameTheDocumentedRecipesSetIsAKeyTheGatewayReads()
    {
        var keys = await GatewayConfigurationKeys.ReadAsync();
        var names = DocumentedNames().ToList();

        Assert.Contains(names, name => name.Name == "Agora__AppCertificate");
        Assert.Contains(names, name => name.Name == "Logging__Console__FormatterOptions__IncludeScopes");
        Assert.Empty(names.Where(name => !Reads(keys, name.Name)).Select(name => $"{name.Page}: {name.Name}"));
    }

    [Fact]
    public async Task AMisspelledNameIsCaught()
    {
        var keys = await GatewayConfigurationKeys.ReadAsync();

        Assert.False(Reads(keys, "Agora__Regoin"));
        Assert.False(Reads(keys, "ASPNETCORE_FORWARDEDHEADER_ENABLED"));
        Assert.False(Reads(keys, "ASPNETCORE_ENVIRONMNET"));
        Assert.True(Reads(keys, "Cors__AllowedOrigins__0"));
    }

    /// <summary>
    /// A <c>Section__Key</c> name, or an <c>ASPNETCORE_</c> one the framework reads without its prefix (the host's own,
    /// such as its environment, before the application's configuration is built); a name of neither form (Compose's
    /// <c>AGORA_APP_ID</c>, a shell's own) is no setting of the gateway's.
    /// </summary>
    static bool Reads(IReadOnlySet<string> keys, string name) =>
        name.Contains("__", StringComparison.Ordinal) ? keys.Reads(name.Replace("__", ":", StringComparison.Ordinal))
        : !name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || keys.Reads(name["ASPNETCORE_".Length..])
            || HostKeys.Contains(name["ASPNETCORE_".Length..]);

    /// <summary>What the web host reads from <c>ASPNETCORE_</c> variables before there is an application configuration to ask.</summary>
    static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "ENVIRONMENT", "CONTENTROOT", "APPLICATIONNAME" };

    static IEnumerable<(string Page, string Name)> DocumentedNames()
    {
        foreach (var page in Pages)
        {
            foreach (Match block in FencedShell().Matches(File.ReadAllText(Repository.PathOf(page))))
            {
                foreach (Match line in Exported().Matches(block.Groups[1].Value))
                {
                    foreach (Match assignment in Assignment().Matches(line.Groups[1].Value))
                    {
                        yield return (page, assignment.Groups[1].Value);
                    }
                }
                foreach (Match option in DockerEnvironment().Matches(block.Groups[1].Value))
                {
                    yield return (page, option.Groups[1].Value);
                }
            }
        }
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedShell();

    /// <summary>An <c>export</c> line, up to its comment.</summary>
    [GeneratedRegex(@"^export ([^#\n]*)", RegexOptions.Multiline)]
    private static partial Regex Exported();

    [GeneratedRegex(@"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?:^|\s)-e ([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex DockerEnvironment();
}
