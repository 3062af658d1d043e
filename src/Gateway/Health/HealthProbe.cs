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
        try
        {
            using var response = await client.GetAsync(args.Length > 1 ? args[1] : DefaultUrl());
            return response.StatusCode == System.Net.HttpStatusCode.OK ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            return 1;
        }
    }

    /// <summary>The first port the container listens on (<c>ASPNETCORE_HTTP_PORTS</c>), so a changed port needs no changed probe.</summary>
    static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://localhost:{port}/healthz";
    }
}
