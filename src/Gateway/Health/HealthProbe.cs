using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>
/// <c>Gateway --probe [url]</c>: asks the running gateway's liveness endpoint and exits 0 on a 200, else 1. It is
/// the container's HEALTHCHECK, as the runtime image has no curl.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--probe";

    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static bool IsRequested(string[] args) => args is [Argument, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        // Straight to the gateway: a proxy the environment names (Docker hands the daemon's to every container) is not it.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
        var url = args.Length > 1 ? args[1] : DefaultUrl();
        if (url is null)
        {
            return Unhealthy("--probe", "found no plain-HTTP address the gateway listens on: give it the URL to ask");
        }
        try
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode == System.Net.HttpStatusCode.OK) return 0;
            return Unhealthy(url, $"answered {(int)response.StatusCode}");
        }
        catch (TaskCanceledException)
        {
            return Unhealthy(url, $"did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or UriFormatException)
        {
            return Unhealthy(url, e.Message);
        }
    }

    /// <summary>One line on standard error, which the container runtime keeps with the check's result (<c>docker inspect</c>).</summary>
    static int Unhealthy(string url, string why)
    {
        Console.Error.WriteLine($"{url} {why}");
        return 1;
    }

    /// <summary>
    /// Where the gateway listens on plain HTTP, read as its host reads it, from the same settings file and environment:
    /// Kestrel's endpoints (<c>Kestrel__Endpoints__*__Url</c>) when any is configured, else its URLs
    /// (<c>ASPNETCORE_URLS</c>), which win over its ports (<c>ASPNETCORE_HTTP_PORTS</c>, the image's), else Kestrel's
    /// default. The first of each, on <c>localhost</c> where it listens on every address. So a container run with other
    /// ports or URLs needs no other probe. Null when it listens on HTTPS alone: the probe's argument names the URL then.
    /// </summary>
    static string? DefaultUrl()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddGatewaySettingsFile();
        var configuration = builder.Configuration;
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (endpoints.Count == 0)
        {
            endpoints = Split(configuration["urls"]);
        }
        if (endpoints.Count == 0 && Split(configuration["http_ports"]) is [var port, ..])
        {
            endpoints = [$"http://localhost:{port}"];
        }
        if (endpoints.Count == 0)
        {
            endpoints = ["http://localhost:5000"];
        }
        return endpoints.Select(Plain).FirstOrDefault(url => url is not null);
    }

    static List<string> Split(string? list) => list?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];

    /// <summary>The health URL on an address Kestrel binds, as the probe in the same container reaches it; null for HTTPS.</summary>
    static string? Plain(string address)
    {
        const string scheme = "http://";
        if (!address.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var hostAndPort = address[scheme.Length..].TrimEnd('/');
        var colon = hostAndPort.LastIndexOf(':');
        var (host, port) = colon > 0 && !hostAndPort[colon..].Contains(']') ? (hostAndPort[..colon], hostAndPort[colon..]) : (hostAndPort, ":80");
        if (host is "+" or "*" or "0.0.0.0" or "[::]" or "")
        {
            host = "localhost";
        }
        return $"http://{host}{port}/healthz";
    }
}
