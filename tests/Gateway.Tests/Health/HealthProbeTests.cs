using System.Globalization;
using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests.Health;

/// <summary>The probes a load balancer or a container runtime sends, as they send them.</summary>
public sealed class HealthProbeTests
{
    /// <summary>
    /// The container's HEALTHCHECK asks the gateway in the same container: a proxy the environment names (Docker passes the
    /// daemon's proxy settings into every container) would answer for it, or not at all.
    /// </summary>
    [Fact]
    public async Task TheProbeAsksTheGatewayItselfWhateverProxyTheEnvironmentNames()
    {
        await using var gateway = new GatewayFactory();
        var port = await StartedAndLive(gateway);
        using var noProxy = new RefusingPort();
        var noProxyThere = $"http://127.0.0.1:{noProxy.Port}";

        var probe = await GatewayProcess.RunUntilExit("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--probe"], AppContext.BaseDirectory,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_HTTP_PORTS"] = port.ToString(CultureInfo.InvariantCulture),
                ["http_proxy"] = noProxyThere,
                ["HTTP_PROXY"] = noProxyThere,
                ["all_proxy"] = noProxyThere,
            }, TimeSpan.FromSeconds(60));

        Assert.True(probe.Code == 0, probe.Output);
    }

    /// <summary>
    /// The HEALTHCHECK asks the first port <c>ASPNETCORE_HTTP_PORTS</c> lists (the README, "Container"): a container that
    /// listens on two is probed on the first, and one whose first port answers nothing is not healthy.
    /// </summary>
    [Fact]
    public async Task TheProbeAsksTheFirstOfSeveralPorts()
    {
        await using var gateway = new GatewayFactory();
        var port = (await StartedAndLive(gateway)).ToString(CultureInfo.InvariantCulture);
        using var nothingThere = new RefusingPort();
        var nothing = nothingThere.Port.ToString(CultureInfo.InvariantCulture);
        Task<GatewayProcess.Exit> Probe(string ports) => GatewayProcess.RunUntilExit("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--probe"], AppContext.BaseDirectory,
            new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = ports }, TimeSpan.FromSeconds(60));

        var first = await Probe($"{port};{nothing}");
        var second = await Probe($"{nothing};{port}");

        Assert.True(first.Code == 0, first.Output);
        Assert.Equal(1, second.Code);
        Assert.Contains($"http://localhost:{nothing}/healthz", second.Output); // it says which it asked, and why it failed
    }

    /// <summary>
    /// The probe asks where the gateway listens, as its host reads it: URLs win over the image's ports, and Kestrel's
    /// endpoints over both, so a container run with <c>ASPNETCORE_URLS</c> or endpoints of its own is healthy without a
    /// probe of its own; one listening on HTTPS alone is told to name its URL.
    /// </summary>
    [Theory]
    [InlineData("ASPNETCORE_URLS", "http://+:{0}")]
    [InlineData("ASPNETCORE_URLS", "https://+:{1};http://*:{0}")]
    [InlineData("Kestrel__Endpoints__Main__Url", "http://0.0.0.0:{0}")]
    public async Task TheProbeAsksWhereTheGatewaysUrlsOrEndpointsSayItListens(string variable, string value)
    {
        await using var gateway = new GatewayFactory();
        var port = await StartedAndLive(gateway);
        using var nothingThere = new RefusingPort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_HTTP_PORTS"] = nothingThere.Port.ToString(CultureInfo.InvariantCulture),
            [variable] = string.Format(CultureInfo.InvariantCulture, value, port, nothingThere.Port),
        };
        if (variable.StartsWith("Kestrel", StringComparison.Ordinal))
        {
            environment["ASPNETCORE_URLS"] = $"http://localhost:{nothingThere.Port}";
        }

        var probe = await Probe(environment);
        var httpsAlone = await Probe(new() { ["ASPNETCORE_URLS"] = $"https://+:{port}" });

        Assert.True(probe.Code == 0, probe.Output);
        Assert.Equal(1, httpsAlone.Code);
        Assert.Contains("found no plain-HTTP address", httpsAlone.Output);
    }

    static Task<GatewayProcess.Exit> Probe(Dictionary<string, string> environment) => GatewayProcess.RunUntilExit("dotnet",
        [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--probe"], AppContext.BaseDirectory, environment, TimeSpan.FromSeconds(60));

    /// <summary>
    /// The gateway on a socket, once its <c>/healthz</c> has answered: the probe's 3 s bound is for a running gateway, and on
    /// a busy machine a cold one's first answer can take longer.
    /// </summary>
    static async Task<int> StartedAndLive(GatewayFactory gateway)
    {
        var address = gateway.StartOnASocket();
        using var client = new HttpClient { BaseAddress = address };
        await Poll.Until(async () => (await client.GetAsync("/healthz", Json.Cancel)).StatusCode, status => status == HttpStatusCode.OK);
        return address.Port;
    }

    /// <summary>Some load balancers' health checks send HEAD (RFC 9110 9.3.2: whatever GET answers, without the body).</summary>
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthAnswersHead(string path)
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();
        // Ready by GET first: on a busy machine the first knock on the sandbox's emulator can outlast its time bound.
        Assert.Equal(HttpStatusCode.OK, await Poll.Until(async () => (await client.GetAsync(path, Json.Cancel)).StatusCode,
            status => status == HttpStatusCode.OK));

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Json.Cancel));
    }
}
