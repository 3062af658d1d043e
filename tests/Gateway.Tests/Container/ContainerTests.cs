using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Classroom.Agora;
using Gateway.Configuration;
using Gateway.Tests.Support;

namespace Gateway.Tests.Container;

/// <summary>
/// The Dockerfile stays true: it builds on the SDK and runs on the ASP.NET image as a non-root user on port 8080
/// with a health check, and its build stage — the restore from the project files alone, then the very publish command
/// it runs, on no more than what <c>.dockerignore</c> lets <c>docker build .</c> send — yields a gateway that starts,
/// serves and probes healthy when configured as <c>docker run -e …</c> would configure it, and a sandbox container
/// that serves the console and Swagger UI. (No Docker engine is needed for this.)
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class ContainerTests
{
    static readonly string[] Dockerfile = File.ReadAllLines(Repository.PathOf("Dockerfile"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    const string RestoreCommand = "RUN dotnet restore src/Gateway/Gateway.csproj";

    const string PublishCommand = "RUN dotnet publish src/Gateway -c Release -o /app --no-restore";

    static string[] Entrypoint => JsonSerializer.Deserialize<string[]>(Dockerfile[^1]["ENTRYPOINT ".Length..])!;

    [Fact]
    public void TheDockerfileRestoresInItsOwnLayerThenPublishesOntoTheAspNetImage()
    {
        var stages = Dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var restore = Array.IndexOf(Dockerfile, RestoreCommand);
        var copyAll = Array.IndexOf(Dockerfile, "COPY . .");
        var projectsCopied = Dockerfile[..Math.Max(restore, 0)].Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ')).ToHashSet();

        Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0"], stages);
        Assert.InRange(restore, 0, copyAll - 1);
        Assert.Equal(copyAll + 1, Array.IndexOf(Dockerfile, PublishCommand));
        Assert.All(ProjectsOfTheGateway().Append("Directory.Packages.props").Append("Directory.Build.props").Append("global.json"),
            file => Assert.Contains(file, projectsCopied));
        Assert.Contains("COPY --from=build /app .", Dockerfile);
    }

    [Fact]
    public void TheImageRunsAsNonRootOnPort8080WithAHealthCheck()
    {
        var final = Dockerfile[Array.FindLastIndex(Dockerfile, l => l.StartsWith("FROM ", StringComparison.Ordinal))..];
        var user = Assert.Single(final, l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..];

        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Contains("EXPOSE 8080", final);
        Assert.Contains(final, l => l.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains(final, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.EndsWith("""CMD ["dotnet", "/app/Gateway.dll", "--probe"]""", StringComparison.Ordinal));
        Assert.StartsWith("ENTRYPOINT ", final[^1], StringComparison.Ordinal);
        Assert.Equal(["dotnet", "/app/Gateway.dll"], Entrypoint);
        Assert.Contains("bin/", File.ReadAllLines(Repository.PathOf(".dockerignore")).Select(l => l.TrimStart('*', '/')));
    }

    [Fact]
    public async Task TheDockerfilesPublishCommandYieldsAGatewayThatStartsServesAndProbesHealthy()
    {
        var output = Directory.CreateTempSubdirectory("gateway-publish-");
        var build = Directory.CreateTempSubdirectory("gateway-build-");
        try
        {
            var published = await Publish(build.FullName, output.FullName);
            Assert.True(published.Code == 0, published.Output);
            // The image collects its garbage as docs/benchmarks.md measured it: the workstation collector, one heap.
            using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.FullName, "Gateway.runtimeconfig.json")));
            Assert.False(runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
                .GetProperty("System.GC.Server").GetBoolean());
            await using var upstream = await RecordingUpstream.StartAsync();
            var dll = Path.Combine(output.FullName, "Gateway.dll");
            // The image's own entrypoint, with the published gateway where the image has /app/Gateway.dll.
            var entrypoint = Entrypoint.Select(a => a == "/app/Gateway.dll" ? dll : a).ToArray();
            Task<GatewayProcess.Running> StartLikeTheImage(Func<int, Dictionary<string, string>> environment) =>
                LoopbackPort.StartOnAFreePortAsync(port => GatewayProcess.StartAsync(entrypoint, output.FullName, environment(port),
                    new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(60)));
            await using var gateway = await StartLikeTheImage(port => DockerRunEnvironment(port, upstream.BaseUrl));
            var gatewayPort = gateway.BaseUrl!.Port;
            using var http = new HttpClient { BaseAddress = gateway.BaseUrl };

            http.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
            var resources = await http.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
            var devToken = await http.PostAsync("/dev/token", null, Json.Cancel);
            var document = await http.GetAsync("/swagger/v1/swagger.json", Json.Cancel);
            var probe = await Probe(dll, gatewayPort);
            await gateway.DisposeAsync();
            var probeOfAStoppedGateway = await Probe(dll, gatewayPort);

            Assert.Equal(HttpStatusCode.OK, resources.StatusCode);
            Assert.Equal(0, (await resources.ReadJson()).GetProperty("code").GetInt32());
            // The published gateway also polls Agora's event queue; the read and the polls all carry its app token alone.
            UpstreamCredentialAssert.CarriesTheGatewaysCredential(
                Assert.Single(upstream.Requests, r => r.RawTarget.EndsWith("/resources", StringComparison.Ordinal)).Header, UpstreamCredential.App, "teacher-1");
            Assert.All(upstream.Requests.Where(r => r.RawTarget.Contains("/polling/", StringComparison.Ordinal)),
                r => UpstreamCredentialAssert.CarriesTheGatewaysCredential(r.Header, UpstreamCredential.App, "classroom-gateway"));
            Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
            Assert.Contains("Agora's business code", await document.Content.ReadAsStringAsync(Json.Cancel));
            Assert.Equal(0, probe.Code);
            Assert.Equal(1, probeOfAStoppedGateway.Code);

            // README's sandbox container: the image's own variables and Agora__Emulator__Enabled=true alone.
            await using var sandbox = await StartLikeTheImage(SandboxRunEnvironment);
            using var sandboxHttp = new HttpClient { BaseAddress = sandbox.BaseUrl };
            var swaggerUi = await sandboxHttp.GetAsync("/swagger/index.html", Json.Cancel);
            // Every file of the console the built gateway has (its page and the generated client's modules it imports).
            var console = Path.Combine(AppContext.BaseDirectory, "console");
            var consoleFiles = Directory.GetFiles(console, "*", SearchOption.AllDirectories)
                .Select(f => "/console/" + Path.GetRelativePath(console, f).Replace('\\', '/')).ToList();
            Assert.Contains("/console/client/index.js", consoleFiles);
            var served = new List<(string Path, HttpStatusCode Status)>();
            foreach (var file in consoleFiles)
            {
                using var response = await sandboxHttp.GetAsync(file, Json.Cancel);
                served.Add((file, response.StatusCode));
            }

            Assert.Equal(HttpStatusCode.OK, swaggerUi.StatusCode);
            Assert.DoesNotContain(served, s => s.Status != HttpStatusCode.OK);
        }
        finally
        {
            output.Delete(recursive: true);
            build.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The Dockerfile's build stage in <paramref name="build"/> (its <c>/src</c>): the files its COPY lines before the
    /// restore name, restored by its own restore line; then the whole build context copied over them (<c>COPY . .</c>)
    /// and its own publish line, into <paramref name="folder"/> instead of <c>/app</c>.
    /// </summary>
    static async Task<GatewayProcess.Exit> Publish(string build, string folder)
    {
        var context = BuildContext.Of(Repository.Root);
        // The test host's MSBuild variables would point a nested build at the test's own build.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, _ => "");
        foreach (var copy in Dockerfile[..Array.IndexOf(Dockerfile, RestoreCommand)].Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)))
        {
            var (sources, destination) = (copy.Split(' ')[1..^1], copy.Split(' ')[^1]);
            foreach (var source in sources)
            {
                // Docker refuses a COPY of what the context was not sent.
                Assert.False(context.Excludes(source), $"{copy}: .dockerignore keeps {source} out of the build context.");
                var target = Path.Combine(build, destination.EndsWith('/') ? Path.Combine(destination, Path.GetFileName(source)) : destination);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Repository.PathOf(source), target);
            }
        }
        var restored = await GatewayProcess.RunUntilExit("dotnet", RestoreCommand["RUN dotnet ".Length..].Split(' '), build, environment, TimeSpan.FromMinutes(4));
        if (restored.Code != 0)
        {
            return restored;
        }
        context.CopyTo(Repository.Root, build);
        var arguments = PublishCommand["RUN dotnet ".Length..].Split(' ').Select(a => a == "/app" ? folder : a);
        return await GatewayProcess.RunUntilExit("dotnet", arguments, build, environment, TimeSpan.FromMinutes(8));
    }

    /// <summary>What <c>docker run -e …</c> gives the container: the image's own variables and the operator's settings.</summary>
    static Dictionary<string, string> DockerRunEnvironment(int port, Uri upstream) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Agora__AppId"] = AgoraSandbox.AppId,
        ["Agora__AppCertificate"] = AgoraSandbox.AppCertificate,
        ["Agora__BaseUrl"] = upstream.ToString(),
        ["Auth__Issuer"] = SandboxMode.Issuer,
        ["Auth__Audience"] = SandboxMode.Audience,
        ["Auth__SigningKey"] = SandboxMode.SigningKey,
    };

    /// <summary>README's sandbox container: <c>docker run -e Agora__Emulator__Enabled=true</c> and the image's own variables.</summary>
    static Dictionary<string, string> SandboxRunEnvironment(int port) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Agora__Emulator__Enabled"] = "true",
    };

    /// <summary>The HEALTHCHECK's command, with the port the container would have in its environment.</summary>
    static Task<GatewayProcess.Exit> Probe(string dll, int port) =>
        GatewayProcess.RunUntilExit("dotnet", [dll, "--probe"], Path.GetDirectoryName(dll)!,
            new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            TimeSpan.FromSeconds(30));

    /// <summary>The gateway's project file and every project it references, as repository paths.</summary>
    static IEnumerable<string> ProjectsOfTheGateway()
    {
        var pending = new Queue<string>(["src/Gateway/Gateway.csproj"]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }
            var folder = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Load(Repository.PathOf(project)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(Repository.Root, folder, reference.Attribute("Include")!.Value));
                pending.Enqueue(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }
        return seen;
    }
}
