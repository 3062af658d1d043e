using Gateway.Tests.Support;
using Gateway.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Resilience;

/// <summary>Which backup host a gateway takes from <c>Agora:BaseUrl</c>, <c>Agora:Region</c> and <c>Agora:BackupBaseUrl</c>.</summary>
public sealed class BackupHostSettingsTests
{
    static readonly (string Key, string? Value)[] Production =
    [
        ("Agora:Emulator:Enabled", "false"),
        ("Agora:AppId", Classroom.Agora.AgoraSandbox.AppId),
        ("Agora:AppCertificate", Classroom.Agora.AgoraSandbox.AppCertificate),
        ("Auth:Issuer", Gateway.Configuration.SandboxMode.Issuer),
        ("Auth:Audience", Gateway.Configuration.SandboxMode.Audience),
        ("Auth:SigningKey", Gateway.Configuration.SandboxMode.SigningKey),
    ];

    static async Task<(string Primary, string? Backup)> HostsOf(string environment, params (string Key, string? Value)[] settings)
    {
        var all = Production.ToDictionary(s => s.Key, s => s.Value);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        await using var gateway = new GatewayFactory(all, environment);
        var hosts = gateway.Services.GetRequiredService<AgoraHosts>();
        return (hosts.Primary.ToString(), hosts.Backup?.ToString());
    }

    [Theory]
    [InlineData(null, null, null, "https://api.agora.io/", "https://api.sd-rtn.com/")]
    [InlineData(null, "na", null, "https://api.agora.io/", "https://api.sd-rtn.com/")]
    [InlineData(null, "cn", null, "https://api.sd-rtn.com/", "https://api.agora.io/")]
    [InlineData("https://api.sd-rtn.com", null, null, "https://api.sd-rtn.com/", "https://api.agora.io/")]
    [InlineData("https://api.agora.io", "cn", null, "https://api.agora.io/", "https://api.sd-rtn.com/")]
    [InlineData(null, null, "", "https://api.agora.io/", null)]
    [InlineData(null, null, "https://agora-egress.school.example/", "https://api.agora.io/", "https://agora-egress.school.example/")]
    [InlineData("https://agora-proxy.school.example", null, null, "https://agora-proxy.school.example/", null)]
    public async Task TheBackupIsAgorasOtherDocumentedHostUnlessConfigured(string? baseUrl, string? region, string? backup,
        string expectedPrimary, string? expectedBackup)
    {
        var settings = new List<(string, string?)>();
        if (baseUrl is not null)
        {
            settings.Add(("Agora:BaseUrl", baseUrl));
        }
        if (region is not null)
        {
            settings.Add(("Agora:Region", region));
        }
        if (backup is not null)
        {
            settings.Add(("Agora:BackupBaseUrl", backup));
        }

        var (primary, backupHost) = await HostsOf("Production", [.. settings]);

        Assert.Equal(expectedPrimary, primary);
        Assert.Equal(expectedBackup, backupHost);
    }

    [Fact]
    public async Task TheSandboxHasNoBackupUnlessOneIsConfigured()
    {
        var (_, none) = await HostsOf("Development", ("Agora:Emulator:Enabled", "true"));
        var (_, configured) = await HostsOf("Development", ("Agora:Emulator:Enabled", "true"), ("Agora:BackupBaseUrl", "http://127.0.0.1:9"));

        Assert.Null(none);
        Assert.Equal("http://127.0.0.1:9/", configured);
    }
}
