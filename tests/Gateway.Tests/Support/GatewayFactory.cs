using Gateway.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Support;

/// <summary>
/// The gateway in-memory, in the sandbox by default (emulator embedded on a loopback port). Each test makes its
/// own, so no state is shared; settings and the clock are the test's to choose.
/// </summary>
public sealed class GatewayFactory(IDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public TimeProvider? Clock { get; init; }

    /// <summary>When set, receives every log line of the gateway at every level.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>When set, runs in front of the gateway's own pipeline: a test's hold on, or look at, each request.</summary>
    public IStartupFilter? InFront { get; init; }

    /// <summary>When set, changes the gateway's services: a test's replacement of one.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The gateway outside the sandbox, with sandbox credentials and keys, in front of <paramref name="upstream"/>.</summary>
    public static GatewayFactory InFrontOf(Uri upstream, params (string Key, string? Value)[] settings) =>
        new(OutsideTheSandbox(upstream, settings));

    /// <summary>The settings of <see cref="InFrontOf"/>, for a test that also sets the clock or captures logs.</summary>
    public static Dictionary<string, string?> OutsideTheSandbox(Uri upstream, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Agora:Emulator:Enabled"] = "false",
            ["Agora:BaseUrl"] = upstream.ToString(),
            ["Agora:AppId"] = Classroom.Agora.AgoraSandbox.AppId,
            ["Agora:AppCertificate"] = Classroom.Agora.AgoraSandbox.AppCertificate,
            ["Auth:Issuer"] = Gateway.Configuration.SandboxMode.Issuer,
            ["Auth:Audience"] = Gateway.Configuration.SandboxMode.Audience,
            ["Auth:SigningKey"] = Gateway.Configuration.SandboxMode.SigningKey,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return all;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Logging:LogLevel:Default", Environment.GetEnvironmentVariable("GATEWAY_TEST_LOG") ?? "Warning");
        // The poller would take events off the upstream's queue behind the test's back: tests of events turn it on.
        builder.UseSetting("Events:PollingEnabled", "false");
        // A loaded test machine can hold a Redis answer past production's 500 ms; a test that is about the timeout sets its own.
        builder.UseSetting("Redis:CommandTimeoutMilliseconds", "5000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (Logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
        }
        if (Clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
        if (InFront is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(InFront));
        }
        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    /// <summary>Serves on a real loopback socket (Kestrel on a free port), as a browser or a raw request needs; answers its address.</summary>
    public Uri StartOnASocket()
    {
        UseLoopbackKestrel();
        StartServer();
        return SocketAddress;
    }

    /// <summary>The address of the started loopback Kestrel.</summary>
    public Uri SocketAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Kestrel on a port the system picks, bound as the server starts. Not <c>UseKestrel(0)</c>: that sets the port on the
    /// server's addresses after the host is built, which races the application's own start and throws on a busy machine
    /// ("cannot be modified after the server has started").
    /// </summary>
    public void UseLoopbackKestrel() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>A client whose every request carries <paramref name="jwt"/> as its bearer token.</summary>
    public HttpClient CreateClient(string jwt)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
        return client;
    }

    public EmbeddedEmulator Emulator => Services.GetRequiredService<EmbeddedEmulator>();
}
