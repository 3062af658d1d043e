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

    /// <summary>The first port the container listens on (<c>ASPNETCORE_HTTP_PORTS</c>), so a changed port needs no changed probe.</summary>
    static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://localhost:{port}/healthz";
    }
}
