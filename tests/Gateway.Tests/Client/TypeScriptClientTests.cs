using System.Text.RegularExpressions;
using Gateway.Tests.Support;

namespace Gateway.Tests.Client;

/// <summary>
/// clients/typescript, the client generated from the checked-in document with @hey-api/openapi-ts (installed by test.sh):
/// it is what the document generates, it compiles in strict mode, the calls the gateway would refuse do not compile,
/// and a whole class runs through it against a sandbox gateway.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed partial class TypeScriptClientTests
{
    const string Regenerate = "clients/typescript differs from what openapi/gateway.v1.json generates; regenerate it: cd clients/typescript && npm run generate";
    const string Generator = "node_modules/@hey-api/openapi-ts/bin/run.js";
    const string Compiler = "node_modules/typescript/bin/tsc";

    static string Folder => Repository.PathOf("clients/typescript");

    [Fact]
    public async Task TheCheckedInClientIsWhatTheDocumentGenerates()
    {
        var copy = Directory.CreateTempSubdirectory("gateway-client-");
        try
        {
            // The repository's layout in small: the generator reads ../../openapi/gateway.v1.json from the client's folder.
            var client = Directory.CreateDirectory(Path.Combine(copy.FullName, "clients", "typescript")).FullName;
            Directory.CreateDirectory(Path.Combine(copy.FullName, "openapi"));
            File.Copy(Repository.PathOf("openapi/gateway.v1.json"), Path.Combine(copy.FullName, "openapi", "gateway.v1.json"));
            foreach (var file in new[] { "package.json", "openapi-ts.config.mjs", "tsconfig.json" })
            {
                File.Copy(Path.Combine(Folder, file), Path.Combine(client, file));
            }
            Directory.CreateSymbolicLink(Path.Combine(client, "node_modules"), Path.Combine(Folder, "node_modules"));

            var generated = await NodeCommand.RunAsync(client, Generator, []);
            var compiled = await NodeCommand.RunAsync(client, Compiler, ["-p", "tsconfig.json"]);

            Assert.True(generated.Code == 0, generated.Output);
            Assert.True(compiled.Code == 0, compiled.Output);
            foreach (var tree in new[] { "src", "dist" })
            {
                var fresh = Files(Path.Combine(client, tree));
                var checkedIn = Files(Path.Combine(Folder, tree));
                Assert.True(fresh.Keys.SequenceEqual(checkedIn.Keys), $"{Regenerate}\nfiles of {tree}: {string.Join(", ", fresh.Keys.Except(checkedIn.Keys).Concat(checkedIn.Keys.Except(fresh.Keys)))}");
                Assert.All(fresh, file => Assert.True(file.Value == checkedIn[file.Key], $"{Regenerate}\n{tree}/{file.Key} differs"));
            }
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TheClientCompilesInStrictMode()
    {
        var compiled = await NodeCommand.RunAsync(Folder, Compiler, ["-p", "tsconfig.json", "--noEmit"]);

        Assert.True(compiled.Code == 0, compiled.Output);
        Assert.Contains("\"strict\": true", await File.ReadAllTextAsync(Path.Combine(Folder, "tsconfig.json"), Json.Cancel));
    }

    /// <summary>Each file under test/must-not-compile makes one call the gateway would refuse, and names the error in its first line.</summary>
    [Fact]
    public async Task CallsTheGatewayWouldRefuseDoNotCompile()
    {
        var cases = Directory.GetFiles(Path.Combine(Folder, "test", "must-not-compile"), "*.ts")
            .ToDictionary(file => Path.GetFileName(file)!, file => ExpectedError().Match(File.ReadLines(file).First()).Groups[1].Value);

        var compiled = await NodeCommand.RunAsync(Folder, Compiler, ["-p", "tsconfig.must-not-compile.json", "--pretty", "false"]);

        Assert.NotEqual(0, compiled.Code);
        Assert.True(cases.Count >= 10, $"{cases.Count} cases");
        Assert.All(cases, c =>
        {
            Assert.False(string.IsNullOrEmpty(c.Value), $"{c.Key} names no expected error in its first line");
            var errors = compiled.Output.Split('\n').Where(line => line.StartsWith($"test/must-not-compile/{c.Key}(", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Exists(line => line.Contains("error " + c.Value, StringComparison.Ordinal)),
                $"{c.Key} should fail with `{c.Value}`; the compiler said:\n{string.Join('\n', errors)}");
        });
    }

    [Fact]
    public Task AClassRunsThroughTheGeneratedClientAgainstTheSandbox() =>
        RunEndToEndAsync("class.test.js", () => []);

    /// <summary>
    /// The client's README: the gateway ends a live stream at its JWT's <c>exp</c>, and the generator's reader, which
    /// reconnects only after a failure, ends with it, so a frontend opens a new stream with a fresh JWT itself. A JWT of a
    /// few seconds, signed with the sandbox's key, stands for one that runs out during a class.
    /// </summary>
    [Fact]
    public Task TheLiveStreamEndsWithItsJwtAndTheGeneratedReaderStopsThere() =>
        RunEndToEndAsync("stream-end.test.js", () => new()
        {
            ["SHORT_LIVED_JWT"] = (TestJwt.Student("room-1") with { Lifetime = TimeSpan.FromSeconds(15) }).Sign(),
            ["ROOM"] = "room-1",
        });

    /// <summary>
    /// Compiles the client and its end-to-end tests, and runs one of them against a sandbox gateway of its own, with the
    /// settings made once the gateway runs (a short-lived JWT would otherwise be spent on the compiler and the start).
    /// </summary>
    static async Task RunEndToEndAsync(string test, Func<Dictionary<string, string>> makeSettings)
    {
        var build = Directory.CreateTempSubdirectory("gateway-client-test-");
        try
        {
            var compiled = await NodeCommand.RunAsync(Folder, Compiler, ["-p", "tsconfig.test.json", "--outDir", build.FullName]);
            Assert.True(compiled.Code == 0, compiled.Output);
            await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
            var settings = makeSettings();
            settings["GATEWAY_URL"] = gateway.BaseUrl!.ToString().TrimEnd('/');

            var run = await NodeCommand.RunAsync(Folder, "--test", [Path.Combine(build.FullName, "test", "e2e", test)], settings, TimeSpan.FromMinutes(4));

            Assert.True(run.Code == 0, run.Output + "\n--- gateway ---\n" + gateway.Output);
            Assert.Contains("# pass 1", run.Output);
        }
        finally
        {
            build.Delete(recursive: true);
        }
    }

    /// <summary>
    /// What a frontend project does: installs the client as npm packs it (its package.json's <c>files</c> and
    /// <c>exports</c>), compiles its own calls in strict mode against the installed declarations (one call the types must
    /// refuse, marked <c>@ts-expect-error</c>, fails the build if they let it through) and runs them against a sandbox
    /// gateway: every operation the class test does not make answers 200. Between them, the two make every operation.
    /// </summary>
    [Fact]
    public async Task AnotherProjectInstallsTheClientAndCallsEveryOperationTheClassDoesNot()
    {
        var project = Directory.CreateTempSubdirectory("gateway-client-consumer-");
        try
        {
            foreach (var file in new[] { "package.json", "tsconfig.json", "app.ts" })
            {
                File.Copy(Path.Combine(Folder, "test", "consumer", file), Path.Combine(project.FullName, file));
            }
            var packed = await NodeCommand.NpmAsync(Folder, ["pack", "--silent", "--pack-destination", project.FullName]);
            Assert.True(packed.Code == 0, packed.Output);
            var tarball = Path.Combine(project.FullName, packed.Output.Trim().Split('\n')[^1]);
            var installed = await NodeCommand.NpmAsync(project.FullName, ["install", "--offline", "--no-audit", "--no-fund", tarball]);
            Assert.True(installed.Code == 0, installed.Output);
            var compiled = await NodeCommand.RunAsync(project.FullName, Path.Combine(Folder, Compiler), ["-p", "tsconfig.json"]);
            Assert.True(compiled.Code == 0, compiled.Output);
            await using var gateway = new GatewayFactory();
            var url = gateway.StartOnASocket();

            var run = await NodeCommand.RunAsync(project.FullName, "app.js", [],
                new Dictionary<string, string> { ["GATEWAY_URL"] = url.ToString().TrimEnd('/'), ["AGORA_APP_ID"] = Classroom.Agora.AgoraSandbox.AppId });

            Assert.True(run.Code == 0, run.Output);
            var answers = Answer().Matches(run.Output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.All(answers, answer => Assert.True(answer.Value == "200", $"{answer.Key} answered {answer.Value}"));
            var operations = OperationName().Matches(await File.ReadAllTextAsync(Path.Combine(Folder, "src", "sdk.gen.ts"), Json.Cancel))
                .Select(m => m.Groups[1].Value).ToHashSet();
            var classTest = await File.ReadAllTextAsync(Path.Combine(Folder, "test", "e2e", "class.test.ts"), Json.Cancel);
            var madeByTheClass = operations.Where(name => classTest.Contains($"await {name}(", StringComparison.Ordinal));
            Assert.Equal(operations.Order(), answers.Keys.Union(madeByTheClass).Order());
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }

    static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText), StringComparer.Ordinal);

    [GeneratedRegex(@"^(\w+) (\d{3})$", RegexOptions.Multiline)]
    private static partial Regex Answer();

    [GeneratedRegex(@"^export const (\w+) = ", RegexOptions.Multiline)]
    private static partial Regex OperationName();

    [GeneratedRegex(@"^// expect: (TS\d+: .+)$")]
    private static partial Regex ExpectedError();
}
