namespace Gateway.Tests.Support;

/// <summary>
/// A content root of the gateway's own, holding the <c>appsettings.json</c> the host reloads when it changes, for a test
/// that edits it while the process runs (<c>ASPNETCORE_CONTENTROOT</c> in the process's environment).
/// </summary>
public sealed class EditedSettingsFile : IDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("gateway-content-root-");

    public EditedSettingsFile() => File.WriteAllText(Path, "{}");

    public string ContentRoot => _root.FullName;

    string Path => System.IO.Path.Combine(_root.FullName, "appsettings.json");

    /// <summary>
    /// Writes <paramref name="sections"/> (a JSON object's members) to the file and returns once the host has read it:
    /// routing's <c>Debug</c> line, turned on by the same write, appears for a request through <paramref name="client"/>.
    /// </summary>
    public async Task WriteAsync(string sections, GatewayProcess.Running gateway, HttpClient client)
    {
        const string Signal = "Microsoft.AspNetCore.Routing";
        await File.WriteAllTextAsync(Path, $$"""{ {{sections}}, "Logging": { "LogLevel": { "{{Signal}}": "Debug" } } }""", Json.Cancel);
        await Poll.Until(() => client.GetAsync("/healthz", Json.Cancel), _ => gateway.Output.Contains(Signal, StringComparison.Ordinal));
        Assert.Contains(Signal, gateway.Output);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
