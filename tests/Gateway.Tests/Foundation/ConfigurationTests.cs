using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

public sealed class ConfigurationTests
{
    static Dictionary<string, string?> Production(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agora:AppId"] = "0123456789abcdef0123456789abcdef",
            ["Agora:AppCertificate"] = "fedcba9876543210fedcba9876543210",
            ["Agora:BaseUrl"] = "http://127.0.0.1:9",
            ["Auth:Issuer"] = "https://school.example",
            ["Auth:Audience"] = "classroom",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Theory]
    [InlineData("Agora:AppCertificate", null)]
    [InlineData("Agora:AppCertificate", "not-hex-not-hex-not-hex-not-hex!")]
    [InlineData("Agora:AppId", null)]
    [InlineData("Agora:AppId", "1234")]
    [InlineData("Agora:TokenLifetimeSeconds", "59")]
    [InlineData("Agora:Region", "moon")]
    [InlineData("Agora:HttpVersion", "3")]
    [InlineData("Agora:HttpVersionPolicy", "Sometimes")]
    [InlineData("Agora:UpstreamCredential", "Client")]
    [InlineData("Agora:UpstreamCredential", "7")]
    [InlineData("Auth:NameClaim", "")]
    [InlineData("Audit:RetentionDays", "0")]
    [InlineData("Audit:ReplicasToAcknowledge", "6")]
    [InlineData("Agora:ServiceUid", " classroom-gateway")]
    [InlineData("Agora:ServiceUid", "..")]
    [InlineData("Agora:ServiceUid", null)]
    [InlineData("Auth:Issuer", "")]
    [InlineData("Auth:Audience", "")]
    [InlineData("Auth:SigningKey", null)] // and no authority: one of the two is required
    [InlineData("Auth:SigningKey", "c2hvcnQ=")]
    [InlineData("Auth:SigningKey", Gateway.Configuration.SandboxMode.SigningKey)] // published, beside a certificate of the operator's own
    [InlineData("Auth:SigningKey", " c2FuZGJveC1jbGFzc3Jvb20tZ2F0ZXdheS1rZXktMzI= ")] // the same bytes spelt otherwise
    [InlineData("Auth:Authority", "https://login.school.example")] // beside the signing key
    [InlineData("Redis:Configuration", "password=fedcba9876543210fedcba9876543210")]
    [InlineData("Redis:Configuration", "localhost:notaport")]
    [InlineData("Redis:Configuration", "redis://default:fedcba9876543210fedcba9876543210@127.0.0.1:6379")] // a host that is no host, its lines show the password
    [InlineData("Redis:Configuration", "rediss://fedcba9876543210fedcba9876543210@redis.internal:6380,ssl=true")]
    [InlineData("Redis:Configuration", "redis.internal:6379,default:fedcba9876543210fedcba9876543210@redis.internal:6379")]
    [InlineData("Redis:Configuration", "127.0.0.1:6379,password=k3y,fedcba9876543210fedcba9876543210+!")] // a comma ends the password
    [InlineData("CircuitBreaker:FailureRatio", "0")]
    [InlineData("CircuitBreaker:MinimumThroughput", "1")]
    [InlineData("CircuitBreaker:BreakDurationSeconds", "0")]
    [InlineData("Agora:BackupBaseUrl", "backup.example")]
    [InlineData("Agora:BackupBaseUrl", "ftp://backup.example")]
    [InlineData("Agora:BackupBaseUrl", "http://127.0.0.1:9")]
    [InlineData("Agora:BaseUrl", "http://gateway:fedcba9876543210fedcba9876543210@127.0.0.1:9/")] // /readyz would show it
    [InlineData("Agora:BackupBaseUrl", "https://gateway:fedcba9876543210fedcba9876543210@backup.example/")]
    [InlineData("Agora:BaseUrl", "https://gateway:fedcba9876543210fedcba9876543210@agora.example:444333/")] // no URL at all
    [InlineData("Auth:Authority", "https://client:fedcba9876543210fedcba9876543210@login.school.example:99999")]
    [InlineData("Agora:BaseUrl", "http://127.0.0.1:9/agora/?region=eu")] // every call's path and query go after it
    [InlineData("Agora:BackupBaseUrl", "https://backup.example/#main")]
    [InlineData("Agora:BaseUrl", "http://api.agora.io")] // every call's token would cross the internet in clear
    [InlineData("Agora:BaseUrl", "http://API.sd-rtn.com./")]
    [InlineData("Agora:BackupBaseUrl", "http://api.sd-rtn.com")]
    [InlineData("Logging:LogLevel:Default", "Verbose")] // the host would throw as it is built
    [InlineData("Logging:Console:LogLevel:Gateway.Events", "Loud")]
    public async Task TheProcessRefusesToStartNamingTheBadKey(string key, string? value)
    {
        var environment = Production((key, value ?? ""))
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        AssertRefusedNaming(key, exit);
        Assert.Single(exit.Errors.Split('\n'), line => line.Contains(key + ' ', StringComparison.Ordinal)); // one line per bad key
        Assert.DoesNotContain("fedcba9876543210fedcba9876543210", exit.Output);
    }

    /// <summary>
    /// A key of one of the gateway's sections that nothing reads, a misspelt one above all, stops the start naming it: it
    /// used to leave its setting at its default without a word (<c>RateLimit__PermitsPerMinut=3</c> kept 600 a minute),
    /// and a misspelt secret's value is never shown. Every key the configuration tables name is read, in any case, as
    /// configuration keys are.
    /// </summary>
    [Fact]
    public async Task AKeyNoSettingReadsStopsTheStartAndEveryDocumentedKeyIsRead()
    {
        var documented = DocumentedDefaultsTests.DocumentedKeys().ToList();
        Assert.Contains("Agora:Emulator:Enabled", documented);
        Assert.Contains("Events:HeartbeatSeconds", documented);

        var misspelt = await RunWith(documented.Select(key => key + "x"));
        var lowerCase = await RunWith(documented.Select(key => key.ToLowerInvariant()));

        Assert.All(documented, key => AssertRefusedNaming($"{key}x is not a setting", misspelt));
        Assert.Equal(documented.Count, misspelt.Errors.Split('\n').Count(line => line.Contains("is not a setting", StringComparison.Ordinal)));
        Assert.Equal(1, lowerCase.Code); // "fedcba…" is no app id, among others
        Assert.DoesNotContain("is not a setting", lowerCase.Output);

        static Task<GatewayProcess.Exit> RunWith(IEnumerable<string> keys)
        {
            var environment = keys.ToDictionary(key => key.Replace(":", "__", StringComparison.Ordinal), _ => "fedcba9876543210fedcba9876543210");
            environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            return GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>
    /// An authority whose keys the gateway could never fetch: plain http off loopback (the framework fetches metadata
    /// over https only, and would throw at every request's sign-in, <c>/healthz</c>'s too), or with a query or fragment
    /// (the metadata path would go after it), or a user name and password (never sent, and the authority is named in the
    /// logs, so they would be written there).
    /// </summary>
    [Theory]
    [InlineData("http://login.school.example")]
    [InlineData("https://login.school.example/?realm=classroom")]
    [InlineData("https://login.school.example/#classroom")]
    [InlineData("https://client:fedcba9876543210fedcba9876543210@login.school.example/")]
    public async Task AnAuthorityTheGatewayCouldNotAskRefusesTheStart(string authority)
    {
        var environment = Production(("Auth:SigningKey", ""), ("Auth:Authority", authority))
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        AssertRefusedNaming("Auth:Authority", exit);
        Assert.DoesNotContain("fedcba9876543210fedcba9876543210", exit.Output);
    }

    /// <summary>
    /// Where the server listens is configuration too: an address it cannot parse (no scheme, a port past 65535, a path, a
    /// space after the <c>;</c>) aborted the process as the server started, with a stack trace and exit code 134, and a
    /// port it cannot read had it listen on port 80 without a word.
    /// </summary>
    [Theory]
    [InlineData("localhost:8080", null, "ASPNETCORE_URLS")]
    [InlineData("http://127.0.0.1:99999", null, "ASPNETCORE_URLS")]
    [InlineData("http://127.0.0.1:0/gateway", null, "ASPNETCORE_URLS")]
    [InlineData("http://127.0.0.1:0; http://127.0.0.1:0", null, "ASPNETCORE_URLS")]
    [InlineData(null, "eighty", "ASPNETCORE_HTTP_PORTS")]
    [InlineData(null, "70000", "ASPNETCORE_HTTP_PORTS")]
    public async Task AnAddressTheServerCannotListenOnRefusesTheStart(string? urls, string? httpPorts, string key)
    {
        var environment = Production().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (httpPorts is not null)
        {
            environment["ASPNETCORE_HTTP_PORTS"] = httpPorts;
            environment["ASPNETCORE_URLS"] = ""; // the ports count only without addresses
        }

        var exit = await GatewayProcess.RunUntilExit("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), .. urls is null ? Array.Empty<string>() : ["--urls", urls]],
            AppContext.BaseDirectory, environment, TimeSpan.FromSeconds(60));

        AssertRefusedNaming(key, exit);
    }

    /// <summary>
    /// An HTTPS port that is no port started the process, which then redirected nothing, the framework warning once
    /// (<c>abc</c>), or sent every plain request to an address no client can reach (<c>99999</c>).
    /// </summary>
    [Theory]
    [InlineData("abc")]
    [InlineData("99999")]
    [InlineData("0")]
    public async Task AnHttpsPortThatIsNoPortRefusesTheStart(string port)
    {
        var environment = Production().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_HTTPS_PORT"] = port;

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        AssertRefusedNaming("ASPNETCORE_HTTPS_PORT", exit);
    }

    /// <summary>
    /// Values that cannot be read as their type, two in one section, are each named beside the failures of the sections
    /// that read, so that an operator mends them all at once rather than one start at a time.
    /// </summary>
    [Fact]
    public async Task EveryBadSettingIsNamedAtOnceThoseThatCannotBeReadAsTheirTypeToo()
    {
        (string Key, string Value)[] bad =
        [
            ("Agora:TimeoutSeconds", "soon"),
            ("Agora:BaseUrl", "https://gateway:fedcba9876543210fedcba9876543210@agora.example:444333/"),
            ("Redis:CommandTimeoutMilliseconds", "fast"),
            ("Audit:RetentionDays", "0"),
            ("CircuitBreaker:MinimumThroughput", "1"),
            ("Agora:Emulator:Enabled", "maybe"), // read while the host is built, before the checks: it threw past them
        ];
        // Out of its range, in the section of a value that cannot be read: its check waits until that value reads.
        (string Key, string Value) waiting = ("Agora:TokenLifetimeSeconds", "5");
        var environment = Production([.. bad.Append(waiting).Select(setting => (setting.Key, (string?)setting.Value))])
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        Assert.All(bad, setting => AssertRefusedNaming(setting.Key, exit));
        Assert.DoesNotContain(waiting.Key, exit.Output);
        Assert.Contains("Agora:TimeoutSeconds cannot be read as Int32.", exit.Output);
        Assert.Contains("Agora:BaseUrl cannot be read as Uri.", exit.Output);
        // A data annotation's failure as its message says it, not inside the framework's sentence around it.
        Assert.Contains("  CircuitBreaker:MinimumThroughput must be from 2 to 100000.", exit.Output);
        Assert.DoesNotContain("DataAnnotation", exit.Output);
        Assert.DoesNotContain("soon", exit.Output);
        Assert.DoesNotContain("fast", exit.Output);
        Assert.DoesNotContain("maybe", exit.Output);
    }

    /// <summary>
    /// Two bad settings of the Redis section are named together: a command timeout out of its range hid a configuration
    /// string naming no server until the timeout was mended and the process started again.
    /// </summary>
    [Fact]
    public async Task BothBadSettingsOfTheRedisSectionAreNamedAtOnce()
    {
        var environment = Production(("Redis:CommandTimeoutMilliseconds", "20"), ("Redis:Configuration", "password=fedcba9876543210fedcba9876543210"))
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        AssertRefusedNaming("Redis:CommandTimeoutMilliseconds", exit);
        AssertRefusedNaming("Redis:Configuration", exit);
    }

    [Theory]
    [InlineData("Agora:AppId", "1234")]
    [InlineData("Logging:LogLevel:Default", "Verbose")] // the host would throw as it is built
    public async Task TheEmulatorRefusesToStartNamingTheBadKey(string key, string value)
    {
        var exit = await GatewayProcess.RunUntilExit("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Classroom.Emulator.dll"), "--urls=http://127.0.0.1:0", $"--{key}={value}"],
            AppContext.BaseDirectory, new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

        AssertRefusedNaming(key, exit);
    }

    /// <summary>The emulator, too, names every bad setting at once.</summary>
    [Fact]
    public async Task TheEmulatorNamesEveryBadSettingAtOnce()
    {
        var exit = await GatewayProcess.RunUntilExit("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Classroom.Emulator.dll"), "--urls=http://127.0.0.1:0", "--Agora:AppId=1234",
                "--Agora:AppCertificate=not-hex", "--Emulator:Credentials=Some"],
            AppContext.BaseDirectory, new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

        Assert.All(["Agora:AppId", "Agora:AppCertificate", "Emulator:Credentials"], key => AssertRefusedNaming(key, exit));
    }

    /// <summary>
    /// Exit code 1 and a line naming the key on standard error, as an operator reads it: no host failure's stack trace,
    /// no abort.
    /// </summary>
    static void AssertRefusedNaming(string key, GatewayProcess.Exit exit)
    {
        Assert.Equal(1, exit.Code);
        Assert.Contains(exit.Errors.Split('\n'), line => line.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", exit.Output);
        // A value may hold a password: it is named by its key, never shown.
        Assert.DoesNotContain("fedcba9876543210fedcba9876543210", exit.Output);
    }

    /// <summary>
    /// The host reloads <c>appsettings.json</c> when it changes, but the settings are read at start: a value written into
    /// the file afterwards, one the start would have refused, is not taken by a part that first reads its section later
    /// (the audit trail, at its first entry). It refused every read of the trail with a 500 and lost every entry until
    /// the process restarted.
    /// </summary>
    [Fact]
    public async Task ABadValueEditedIntoTheSettingsFileAfterTheStartIsNotTakenByWhatReadsItsSectionLater()
    {
        using var settings = new EditedSettingsFile();
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Events:PollingEnabled", "false"));
        environment["ASPNETCORE_CONTENTROOT"] = settings.ContentRoot;
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseUrl };
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Teacher("room-1").Sign());
        using var admin = new HttpClient { BaseAddress = gateway.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());

        await settings.WriteAsync("""
            "Audit": { "RetentionDays": 0 }
            """, gateway, anonymous);
        await teacher.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel); // Agora out of reach: refused, and audited
        var trail = await Poll.Until(async () =>
            {
                var response = await admin.GetAsync("/api/v1/audit", Json.Cancel);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Json.Cancel));
            },
            read => read.StatusCode != HttpStatusCode.OK || read.Body.Contains("room-1", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, trail.StatusCode);
        Assert.Contains("room-1", trail.Body);
    }

    [Fact]
    public async Task StartsOutsideTheSandboxWhenConfiguredWithoutDevTokens()
    {
        await using var gateway = new GatewayFactory(Production(), environment: "Production");
        using var client = gateway.CreateClient();

        var live = await client.GetAsync("/healthz", Json.Cancel);
        var devToken = await client.PostAsync("/dev/token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
    }

    [Fact]
    public async Task TheEmulatorSettingOverridesTheEnvironment()
    {
        await using var gateway = new GatewayFactory(Production(("Agora:Emulator:Enabled", "false")));
        using var client = gateway.CreateClient();

        var devToken = await client.PostAsync("/dev/token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
    }
}
