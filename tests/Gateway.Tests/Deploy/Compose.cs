using Gateway.Tests.Support;

namespace Gateway.Tests.Deploy;

/// <summary>Debian's <c>docker-compose</c> (installed by test.sh), which resolves and validates a compose file without a Docker engine.</summary>
public static class Compose
{
    public const string File = "deploy/compose.yaml";

    /// <summary>The variables compose.yaml requires, as an operator would export them (values that are no one's secrets).</summary>
    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["AGORA_APP_ID"] = "0123456789abcdef0123456789abcdef",
        ["AGORA_APP_CERTIFICATE"] = "fedcba9876543210fedcba9876543210",
        ["AUTH_ISSUER"] = "https://login.school.example",
        ["AUTH_AUDIENCE"] = "classroom-gateway",
        ["AUTH_AUTHORITY"] = "https://login.school.example",
        ["REDIS_PASSWORD"] = "not-a-real-password",
    };

    /// <summary><c>docker-compose -f FILE config</c>, quietly (validation only) or printing the resolved file.</summary>
    public static Task<GatewayProcess.Exit> ConfigAsync(string file, IReadOnlyDictionary<string, string> environment, bool quiet) =>
        GatewayProcess.RunUntilExit("docker-compose", quiet ? ["-f", file, "config", "-q"] : ["-f", file, "config"], Repository.Root,
            environment.ToDictionary(), TimeSpan.FromMinutes(2));

    /// <summary>A copy of compose.yaml in a folder of its own, changed by <paramref name="change"/>, still building from the repository.</summary>
    public static string BrokenCopy(Func<string, string> change)
    {
        var folder = Directory.CreateTempSubdirectory("compose-").FullName;
        var text = System.IO.File.ReadAllText(Repository.PathOf(File)).Replace("context: ..", $"context: {Repository.Root}", StringComparison.Ordinal);
        var copy = Path.Combine(folder, "compose.yaml");
        System.IO.File.WriteAllText(copy, change(text));
        return copy;
    }
}
