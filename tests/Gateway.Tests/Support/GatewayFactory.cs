using Gateway.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Support;

/// <summary>
/// The gateway in-memory, in the sandbox by default (emulator embedded on a loopback port). Each test makes its
/// own, so no state is shared; settings and the clock are the test's to choose.
/// </summary>
public sealed class GatewayFactory(IDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>The gateway outside the sandbox, with sandbox credentials and keys, in front of <paramref name="upstream"/>.</summary>
    public static GatewayFactory InFrontOf(Uri upstream, params (string Key, string? Value)[] settings)
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
        return new GatewayFactory(all);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Logging:LogLevel:Default", Environment.GetEnvironmentVariable("GATEWAY_TEST_LOG") ?? "Warning");
        // A loaded test machine can hold a Redis answer past production's 500 ms; a test that is about the timeout sets its own.
        builder.UseSetting("Redis:CommandTimeoutMilliseconds", "5000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (Clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    /// <summary>A client whose every request carries <paramref name="jwt"/> as its bearer token.</summary>
    public HttpClient CreateClient(string jwt)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", jwt);
        return client;
    }

    public EmbeddedEmulator Emulator => Services.GetRequiredService<EmbeddedEmulator>();
}
