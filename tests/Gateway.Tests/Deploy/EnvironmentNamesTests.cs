using Gateway.Tests.Support;

namespace Gateway.Tests.Deploy;

/// <summary>
/// Every environment variable the deployment files give a gateway sets a configuration key it reads: a misspelled
/// <c>Section__Key</c> would otherwise be ignored without a word, and the gateway would run on a default.
/// </summary>
public sealed class EnvironmentNamesTests
{
    static async Task<IReadOnlyList<DeployedContainer>> ComposeContainers(string file)
    {
        var config = await Compose.ConfigAsync(file, Compose.Secrets, quiet: false);
        Assert.True(config.Code == 0, config.Output);
        return DeployedContainer.OfCompose(config.Output);
    }

    [Fact]
    public async Task EveryNameTheDeploymentFilesSetIsAKeyTheGatewayReads()
    {
        var keys = await GatewayConfigurationKeys.ReadAsync();
        var containers = DeployedContainer.OfKubernetes(Repository.PathOf("deploy/kubernetes")).Concat(await ComposeContainers(Compose.File)).ToList();

        Assert.Equal(3, containers.Count);
        Assert.All(containers, container => Assert.Empty(container.NamesTheGatewayDoesNotRead(keys)));
        Assert.All(containers, container => Assert.Contains("Agora__AppCertificate", container.Environment.Keys));
    }

    /// <summary>
    /// A deployment file that asks for JSON console lines asks for them as docs/security.md's recipe does, scopes and all:
    /// JSON lines without scopes carry no request id, and an operator of the shipped files could not find a request's lines
    /// by its <c>X-Request-Id</c>.
    /// </summary>
    [Fact]
    public async Task TheDeploymentFilesThatWriteJsonLinesFollowTheDocumentedRecipeWhole()
    {
        var recipe = Telemetry.CorrelationTests.JsonLogRecipe();
        var containers = DeployedContainer.OfKubernetes(Repository.PathOf("deploy/kubernetes")).Concat(await ComposeContainers(Compose.File)).ToList();

        Assert.All(containers, container => Assert.All(recipe, variable =>
            Assert.Equal((variable.Name, variable.Value), (variable.Name, container.Environment.GetValueOrDefault(variable.Name)))));
    }

    [Fact]
    public async Task AMisspelledOrUnusedNameIsCaught()
    {
        var keys = await GatewayConfigurationKeys.ReadAsync();
        var folder = Directory.CreateTempSubdirectory("kubernetes-").FullName;
        var compose = Compose.BrokenCopy(text => text.Replace("Redis__Configuration:", "Redis__Configuraton:", StringComparison.Ordinal)
            .Replace("ASPNETCORE_FORWARDEDHEADERS_ENABLED:", "ASPNETCORE_FORWARDEDHEADER_ENABLED:", StringComparison.Ordinal));
        try
        {
            foreach (var manifest in Directory.GetFiles(Repository.PathOf("deploy/kubernetes"), "*.yaml"))
            {
                File.Copy(manifest, Path.Combine(folder, Path.GetFileName(manifest)));
            }
            var configMap = Path.Combine(folder, "configmap.yaml");
            File.WriteAllText(configMap, File.ReadAllText(configMap).Replace("Agora__Region:", "Agora__Regoin:", StringComparison.Ordinal)
                .Replace("REDIS_ENDPOINTS:", "REDIS_ENDPOINT:", StringComparison.Ordinal));

            var kubernetes = Assert.Single(DeployedContainer.OfKubernetes(folder));
            var composed = await ComposeContainers(compose);

            Assert.Equal(["Agora__Regoin", "REDIS_ENDPOINT"], kubernetes.NamesTheGatewayDoesNotRead(keys).Order());
            Assert.All(composed, container => Assert.Equal(["ASPNETCORE_FORWARDEDHEADER_ENABLED", "Redis__Configuraton"],
                container.NamesTheGatewayDoesNotRead(keys).Order()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(Path.GetDirectoryName(compose)!, recursive: true);
        }
    }
}
