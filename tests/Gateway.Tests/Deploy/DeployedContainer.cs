using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Deploy;

/// <summary>
/// The environment one gateway container of a deployment file is given: each name, and its value where the file holds one
/// (null for a secret's).
/// </summary>
public sealed record DeployedContainer(string Where, IReadOnlyDictionary<string, string?> Environment)
{
    const string AspNetCorePrefix = "ASPNETCORE_";

    /// <summary>
    /// The names that set nothing the gateway reads: a <c>Section__Key</c> that is not one of <paramref name="keys"/>, an
    /// <c>ASPNETCORE_</c> name whose key the framework does not read, or any other name that no value here refers to as
    /// <c>$(NAME)</c> (Kubernetes' way of building one variable from others).
    /// </summary>
    public IEnumerable<string> NamesTheGatewayDoesNotRead(IReadOnlySet<string> keys) => Environment.Keys.Where(name =>
        name.Contains("__", StringComparison.Ordinal) ? !keys.Reads(name.Replace("__", ":", StringComparison.Ordinal))
        : name.StartsWith(AspNetCorePrefix, StringComparison.Ordinal) ? !keys.Reads(name[AspNetCorePrefix.Length..])
        : !Environment.Values.Any(value => value?.Contains($"$({name})", StringComparison.Ordinal) == true));

    /// <summary>Every container of every Deployment in <paramref name="folder"/>, with what its ConfigMaps give it.</summary>
    public static IReadOnlyList<DeployedContainer> OfKubernetes(string folder)
    {
        var objects = Directory.GetFiles(folder, "*.yaml").SelectMany(file => KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true)).ToList();
        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(map => map.Metadata.Name, map => map.Data ?? new Dictionary<string, string>());
        return objects.OfType<V1Deployment>().SelectMany(deployment => deployment.Spec.Template.Spec.Containers.Select(container =>
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var source in container.EnvFrom ?? [])
            {
                foreach (var (name, value) in configMaps[source.ConfigMapRef.Name])
                {
                    environment[name] = value;
                }
            }
            foreach (var variable in container.Env ?? [])
            {
                environment[variable.Name] = variable.Value;
            }
            return new DeployedContainer($"{deployment.Metadata.Name}/{container.Name}", environment);
        })).ToList();
    }

    /// <summary>Every service of a resolved compose file (<c>docker-compose config</c>'s output) that is built from the repository.</summary>
    public static IReadOnlyList<DeployedContainer> OfCompose(string resolved)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(resolved));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
        return services.Children
            .Where(service => ((YamlMappingNode)service.Value).Children.ContainsKey("build"))
            .Select(service => new DeployedContainer($"compose/{service.Key}",
                ((YamlMappingNode)service.Value).Children.TryGetValue("environment", out var environment)
                    ? ((YamlMappingNode)environment).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value)
                    : new Dictionary<string, string?>()))
            .ToList();
    }
}
