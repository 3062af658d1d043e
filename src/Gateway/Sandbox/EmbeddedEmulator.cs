using Classroom.Emulator;
using Gateway.Configuration;
using Gateway.Upstream;

namespace Gateway.Sandbox;

/// <summary>
/// Hosts the classroom emulator in this process on a free loopback port and points the upstream at it,
/// so the sandbox forwards over a real socket exactly as it would to Agora. With the gateway's app token as its
/// credential (<see cref="UpstreamCredential.App"/>) the emulator takes app tokens only, as Agora does for server calls:
/// the sandbox then proves that no client token opens the REST API.
/// </summary>
public sealed class EmbeddedEmulator(IOptions<AgoraOptions> options, AgoraUpstream upstream, TimeProvider time) : IHostedService, IAsyncDisposable
{
    WebApplication? _app;

    /// <summary>The emulator's own services (its state, its journal of received requests), once started.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The emulator has not started.");

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", // not the gateway's own ASPNETCORE_URLS
            $"--Agora:AppId={options.Value.AppId}",
            $"--Agora:AppCertificate={options.Value.AppCertificate}",
            "--Logging:LogLevel:Default=Warning",
            $"--Emulator:Credentials={(options.Value.UpstreamCredential == UpstreamCredential.App ? "App" : "Any")}",
        ];
        // Built on a flow of its own: a listener that configures the host its caller's flow builds (WebApplicationFactory's,
        // the EF tools') would otherwise take the emulator's host for the gateway's and reconfigure it, e.g. onto a TestServer.
        Task<WebApplication> build;
        using (ExecutionContext.SuppressFlow())
        {
            build = Task.Run(() => EmulatorHost.Build(args, defaultUrl: "http://127.0.0.1:0", services => services.AddSingleton(time)), cancellationToken);
        }
        _app = await build;
        await _app.StartAsync(cancellationToken);
        BaseUrl = _app.Urls.Select(url => new Uri(url)).FirstOrDefault(url => url.Port != 0)
            ?? throw new InvalidOperationException("The emulator did not report the port it listens on.");
        upstream.UseBaseUrl(BaseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }
}
