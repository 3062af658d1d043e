using System.Text.Json;
using System.Text.RegularExpressions;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

/// <summary>The README's recipes, read from the page and run as a newcomer runs them.</summary>
public sealed partial class ReadmeRecipeTests
{
    /// <summary>
    /// The README's first recipe (the <c>sh</c> block after "To try it"), run by <c>sh</c> as it stands against a sandbox
    /// process started as <c>dotnet run</c> starts it (Development), its <c>localhost:8080</c> that process's address: it
    /// signs in through <c>/dev/token</c> and answers an RTM token for its user. Its second call once named a
    /// <c>$TOKEN</c> that nothing set, and a newcomer copying the block got a 401.
    /// </summary>
    [Fact]
    public async Task TheTryItRecipeRunsAsWrittenAndAnswersAnRtmTokenForItsUser()
    {
        var page = File.ReadAllText(Repository.PathOf("README.md"));
        var said = page.IndexOf("To try it", StringComparison.Ordinal);
        Assert.True(said >= 0, "The README no longer says how to try it");
        var block = FencedShell().Match(page, said);
        Assert.True(block.Success && block.Groups[1].Value.Contains("localhost:8080", StringComparison.Ordinal),
            "The README gives no sh block calling localhost:8080 after \"To try it\"");
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        var script = block.Groups[1].Value.Replace("localhost:8080", gateway.BaseUrl!.Authority, StringComparison.Ordinal);
        var run = await GatewayProcess.RunUntilExit("sh", ["-c", script], AppContext.BaseDirectory,
            new Dictionary<string, string> { ["no_proxy"] = "127.0.0.1", ["NO_PROXY"] = "127.0.0.1" }, TimeSpan.FromSeconds(60));

        Assert.True(run.Code == 0, run.Output);
        var minted = LastJsonValue(run.Output);
        Assert.True(minted.GetProperty("code").GetInt32() == 0, run.Output);
        var data = minted.GetProperty("data");
        Assert.Equal("teacher-1", data.GetProperty("uid").GetString());
        var token = AccessToken2.Parse(data.GetProperty("token").GetString()!);
        Assert.Equal("teacher-1", token.RtmUserId);
        Assert.True(token.VerifySignature(AgoraSandbox.AppCertificate));
    }

    /// <summary>The last of the JSON values <paramref name="output"/> holds (curl writes each answer without a line end after it).</summary>
    static JsonElement LastJsonValue(string output)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        JsonElement? last = null;
        while (reader.Read())
        {
            last = JsonElement.ParseValue(ref reader);
        }
        Assert.True(last is not null, $"The recipe wrote no JSON: {output}");
        return last.Value;
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedShell();
}
