using System.Net;
using System.Net.Http.Json;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Foundation;

public sealed class SandboxTests
{
    /// <summary>With nothing configured, or a sandbox value or the switch set empty (as <c>Agora__AppId=</c> does), which counts as left out.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("Agora:AppId")]
    [InlineData("Agora:AppCertificate")]
    [InlineData("Auth:SigningKey")]
    [InlineData("Auth:Issuer")]
    [InlineData("Auth:Audience")]
    [InlineData("Agora:Emulator:Enabled")] // its default, the sandbox in Development
    public async Task ANewcomerGetsADevJwtAndWithItAnRtmToken(string? emptied)
    {
        await using var gateway = new GatewayFactory(emptied is null ? null : new Dictionary<string, string?> { [emptied] = "" });
        using var anonymous = gateway.CreateClient();

        var issued = await anonymous.PostAsJsonAsync("/dev/token",
            new { sub = "newcomer", roles = new[] { "teacher" }, rooms = new[] { "room-1" }, lifetimeSeconds = 600 }, Json.Cancel);
        var jwt = (await issued.ReadJson()).GetProperty("data").GetProperty("token").GetString()!;
        using var client = gateway.CreateClient(jwt);
        var minted = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = AccessToken2.Parse((await minted.ReadJson()).GetProperty("data").GetProperty("token").GetString()!);
        Assert.Equal("newcomer", token.RtmUserId);
        Assert.True(token.VerifySignature(AgoraSandbox.AppCertificate));
    }

    [Fact]
    public async Task ADevTokenMayMakeAnAssistantWithANameWhoJoinsAsAssistantUnderThatName()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();
        var teacherJwt = (await (await anonymous.PostAsJsonAsync("/dev/token", new { sub = "teacher-1", roles = new[] { "teacher" }, rooms = new[] { "room-1" } },
            Json.Cancel)).ReadJson()).GetProperty("data").GetProperty("token").GetString()!;
        var issued = await anonymous.PostAsJsonAsync("/dev/token",
            new { sub = "assistant-1", name = "Mr Okafor", roles = new[] { "assistant" }, rooms = new[] { "room-1" } }, Json.Cancel);
        using var teacher = gateway.CreateClient(teacherJwt);
        using var assistant = gateway.CreateClient((await issued.ReadJson()).GetProperty("data").GetProperty("token").GetString()!);
        await teacher.PostAsJsonAsync("/api/v1/rooms/room-1", new { roomName = "Room 1", roomType = 4 }, Json.Cancel);

        var joined = (await (await assistant.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel)).ReadJson()).GetProperty("data");
        var refused = await assistant.PutAsync("/api/v1/rooms/room-1/states/1", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(("Mr Okafor", 3), (joined.GetProperty("userName").GetString(), joined.GetProperty("roleType").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task DevTokensAreSignedWithTheSandboxKey()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();

        var issued = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "newcomer", roles = new[] { "student" } }, Json.Cancel);
        var jwt = (await issued.ReadJson()).GetProperty("data").GetProperty("token").GetString()!;
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(SandboxMode.SigningKey)),
            ValidIssuer = SandboxMode.Issuer,
            ValidAudience = SandboxMode.Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.True(validated.IsValid, validated.Exception?.Message);
    }

    /// <summary>
    /// An operator's own key (or authority) next to the emulator: a token /dev/token signed would be a valid sign-in
    /// as anyone, so it signs none.
    /// </summary>
    [Theory]
    [InlineData("Auth:SigningKey")]
    [InlineData("Auth:Authority")]
    public async Task BesideAnOperatorsOwnKeyTheSandboxSignsNoToken(string setting)
    {
        var operatorKey = Convert.ToBase64String(TestJwt.RandomKey());
        await using var gateway = new GatewayFactory(setting == "Auth:SigningKey"
            ? new Dictionary<string, string?> { ["Auth:SigningKey"] = operatorKey }
            : new Dictionary<string, string?> { ["Auth:Authority"] = "http://127.0.0.1:9/" });
        using var anonymous = gateway.CreateClient();

        var refused = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "anyone", roles = new[] { "admin" } }, Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.ReadJson();
        Assert.Equal(403, problem.GetProperty("code").GetInt32());
        Assert.False(problem.TryGetProperty("data", out _));
        Assert.DoesNotContain("eyJ", problem.GetRawText());
    }

    /// <summary>
    /// An operator's own app certificate next to the emulator: the tokens the gateway mints with it (RTM, room-user) are
    /// valid at Agora, so a sign-in /dev/token signed for anyone would be an Agora login as anyone; it signs none.
    /// </summary>
    [Fact]
    public async Task BesideAnOperatorsOwnAppCertificateTheSandboxSignsNoToken()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Agora:AppId"] = "0123456789abcdef0123456789abcdef",
            ["Agora:AppCertificate"] = "fedcba9876543210fedcba9876543210",
        });
        using var anonymous = gateway.CreateClient();

        var refused = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "teacher-1", roles = new[] { "teacher" }, rooms = new[] { "*" } }, Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.ReadJson();
        Assert.Equal(403, problem.GetProperty("code").GetInt32());
        Assert.Contains("Agora:AppCertificate", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("eyJ", problem.GetRawText());
        Assert.DoesNotContain("fedcba9876543210fedcba9876543210", problem.GetRawText());
    }

    [Theory]
    [InlineData("""{"roles":["teacher"]}""", "sub")]
    [InlineData("""{"sub":"a","roles":["principal"]}""", "roles")]
    [InlineData("""{"sub":"a","lifetimeSeconds":5}""", "lifetimeSeconds")]
    [InlineData("""{"sub":"a","name":""}""", "name")]
    [InlineData("""{"sub":"a%2Fb"}""", "sub")]
    [InlineData("""{"sub":".."}""", "sub")]
    [InlineData("""{"sub":"t1 "}""", "sub")]
    [InlineData("""{"sub":"classroom-gateway","roles":["admin"]}""", "sub")]
    [InlineData("""{"sub":"a","rooms":"room-1"}""", "rooms")] // a list, not one room
    [InlineData("""{"sub":"a","rooms":["room/1"]}""", "rooms")] // no route can name it
    [InlineData("""{"sub":"a","rooms":[""]}""", "rooms")]
    [InlineData("""{"sub":"a","lifetimeSeconds":"600"}""", "lifetimeSeconds")]
    [InlineData("""{bad""", "body")]
    [InlineData("", "body")]
    public async Task RefusesABadDevTokenRequestNamingTheField(string body, string field)
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var response = await client.PostAsync("/dev/token", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJson();
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    /// <summary>
    /// The rooms are bounded so that every token /dev/token signs fits in a request: a thousand rooms made a token of 88 KB,
    /// signed and answered, that every route then refused as headers too large (431).
    /// </summary>
    [Fact]
    public async Task EveryDevTokenFitsInARequest()
    {
        await using var gateway = new GatewayFactory();
        using var anonymous = gateway.CreateClient();
        string[] Rooms(int count) => [.. Enumerable.Range(0, count).Select(i => $"{i:D3}".PadRight(Classroom.Agora.Validation.AgoraIds.MaxBytes, 'r'))];

        var most = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "teacher-1", roles = new[] { "teacher" }, rooms = Rooms(100) }, Json.Cancel);
        var tooMany = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "teacher-1", roles = new[] { "teacher" }, rooms = Rooms(101) }, Json.Cancel);
        using var client = gateway.CreateClient((await most.ReadJson()).GetProperty("data").GetProperty("token").GetString()!);
        var minted = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, most.StatusCode);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.ReadJson()).GetProperty("errors").TryGetProperty("rooms", out _));
    }

    /// <summary>
    /// Swagger UI keeps a pasted token in the browser's local storage across reloads only in the sandbox, whose tokens are
    /// made to be pasted; elsewhere a school's real JWT would stay there, readable by any script of the origin.
    /// </summary>
    [Fact]
    public async Task OnlyTheSandboxsSwaggerUiKeepsAPastedTokenAcrossReloads()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var sandbox = new GatewayFactory();
        await using var production = GatewayFactory.InFrontOf(upstream.BaseUrl);

        var kept = await sandbox.CreateClient().GetStringAsync("/swagger/index.js", Json.Cancel);
        var notKept = await production.CreateClient().GetStringAsync("/swagger/index.js", Json.Cancel);

        Assert.Contains("\"persistAuthorization\":true", kept);
        Assert.Contains("\"persistAuthorization\":false", notKept);
    }

    /// <summary>
    /// A sandbox set to sign in with the school's own key, or its authority, takes the school's real JWTs: its Swagger UI
    /// keeps no pasted token either.
    /// </summary>
    [Theory]
    [InlineData("Auth:SigningKey", "c2Nob29sLW93bi1zaWduaW5nLWtleS0zMi1ieXRlcyE=")]
    [InlineData("Auth:Authority", "https://school.example/")]
    public async Task ASandboxThatTakesTheSchoolsOwnSignInsKeepsNoPastedToken(string key, string value)
    {
        await using var sandbox = new GatewayFactory(new Dictionary<string, string?> { [key] = value });

        var ui = await sandbox.CreateClient().GetStringAsync("/swagger/index.js", Json.Cancel);

        Assert.Contains("\"persistAuthorization\":false", ui);
    }

    /// <summary>
    /// The host reloads the content root's <c>appsettings.json</c> when it changes, but whether the process is the sandbox
    /// is decided at start: a file edited afterwards to turn the emulator on must not turn Swagger alone into the sandbox's,
    /// keeping a school's real JWT in the browser and sending integrators to a <c>/dev/token</c> that is not there.
    /// </summary>
    [Fact]
    public async Task ASettingsFileEditedAfterTheStartDoesNotMakeSwaggerTheSandboxs()
    {
        using var settings = new EditedSettingsFile();
        var environment = Events.EventTestSettings.ProcessEnvironment(new Uri("http://127.0.0.1:9"), ("Events:PollingEnabled", "false"));
        environment.Remove("Agora__Emulator__Enabled"); // off in Production, and left to the file
        environment["ASPNETCORE_CONTENTROOT"] = settings.ContentRoot;
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseUrl };

        await settings.WriteAsync("""
            "Agora": { "Emulator": { "Enabled": true } }
            """, gateway, anonymous);
        var ui = await anonymous.GetStringAsync("/swagger/index.js", Json.Cancel);
        var document = await anonymous.GetStringAsync($"/swagger/{Gateway.OpenApi.OpenApiSetup.DocumentName}/swagger.json", Json.Cancel);
        var devToken = await anonymous.PostAsJsonAsync("/dev/token", new { sub = "teacher-1", roles = new[] { "teacher" } }, Json.Cancel);

        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
        Assert.Contains("\"persistAuthorization\":false", ui);
        Assert.DoesNotContain("**Sandbox:**", document);
        Assert.DoesNotContain(Gateway.OpenApi.OpenApiSetup.SandboxUrl, document);
    }

    [Fact]
    public async Task ReadinessReportsTheEmbeddedEmulatorAsUpstream()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        // The first call to a cold emulator on a loaded machine may outlast the check's 2 s; readiness is what follows.
        var response = await Poll.Until(() => client.GetAsync("/readyz", Json.Cancel), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadJson();
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReadinessFailsWhenTheUpstreamIsDown()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Agora:Emulator:Enabled"] = "false",
            ["Agora:AppId"] = AgoraSandbox.AppId,
            ["Agora:AppCertificate"] = AgoraSandbox.AppCertificate,
            ["Agora:BaseUrl"] = "http://127.0.0.1:9",
            ["Auth:Issuer"] = "https://school.example",
            ["Auth:Audience"] = "classroom",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        });
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/readyz", Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", (await response.ReadJson()).GetProperty("checks").GetProperty("upstream").GetProperty("status").GetString());
    }

    /// <summary>
    /// A sandbox told where to listen by Kestrel's own endpoints in the environment (<c>Kestrel__Endpoints__web__Url</c>,
    /// standard ASP.NET Core configuration) starts and forwards to its emulator. The emulator it hosts reads the environment
    /// too, and once took those endpoints for its own: it bound the gateway's address first and the gateway's start failed,
    /// "address already in use".
    /// </summary>
    [Fact]
    public async Task ASandboxListeningOnKestrelEndpointsFromTheEnvironmentStartsAndItsEmulatorAnswers()
    {
        await using var gateway = await LoopbackPort.StartOnAFreePortAsync(port =>
        {
            var baseUrl = new Uri($"http://127.0.0.1:{port}");
            return GatewayProcess.StartAsync(["dotnet", Path.Combine(AppContext.BaseDirectory, "Gateway.dll")], AppContext.BaseDirectory,
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Kestrel__Endpoints__web__Url"] = baseUrl.ToString() },
                baseUrl, new Uri(baseUrl, "/healthz"), TimeSpan.FromSeconds(60));
        });
        using var teacher = new HttpClient { BaseAddress = gateway.BaseUrl };
        teacher.DefaultRequestHeaders.Authorization = new("Bearer", new TestJwt { Subject = "teacher-1", Roles = new[] { "teacher" }, Rooms = "room-1" }.Sign());

        var created = await teacher.PostAsJsonAsync("/api/v1/rooms/room-1", new { roomName = "Physics 101", roomType = 4 }, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }

    [Fact]
    public async Task SwaggerUiAndTheDocumentAreServed()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var ui = await client.GetAsync("/swagger/index.html", Json.Cancel);
        var document = await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var paths = (await document.ReadJson()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/rtm-token", out _));
    }

    /// <summary>
    /// <c>POST /dev/token</c> asks no sign-in and applies no policy: its 403 is the sandbox refusing beside an operator's own
    /// key, authority or app certificate, and the document says so rather than speak of the caller's role or rooms.
    /// </summary>
    [Fact]
    public async Task TheDocumentSaysWhyTheDevTokenIsRefused()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var document = await (await client.GetAsync("/swagger/v1/swagger.json", Json.Cancel)).ReadJson();
        var refused = document.GetProperty("paths").GetProperty("/dev/token").GetProperty("post").GetProperty("responses").GetProperty("403");
        var description = refused.GetProperty("description").GetString()!;

        Assert.DoesNotContain("role", description);
        Assert.All(["Auth:SigningKey", "Auth:Authority", "Agora:AppCertificate"], key => Assert.Contains(key, description));
    }

    [Fact]
    public async Task TheEmulatorsHostIsNotOfferedToAListenerOfTheCallersFlow()
    {
        // What WebApplicationFactory does to find the application's host: listen, from the flow that runs Main, for every
        // host being built. The gateway's host starts the emulator's on that same flow; were it built there, the listener
        // would configure it as the gateway's (a TestServer in place of its socket).
        using var listener = new HostBuildingListener();
        var options = Options.Create(new AgoraOptions { AppId = AgoraSandbox.AppId, AppCertificate = AgoraSandbox.AppCertificate });
        var upstream = new Gateway.Upstream.AgoraUpstream(options, new Gateway.Upstream.AgoraHosts(options, TimeProvider.System));
        await using var emulator = new Gateway.Sandbox.EmbeddedEmulator(options, upstream, TimeProvider.System);

        await emulator.StartAsync(Json.Cancel);
        await emulator.StopAsync(Json.Cancel);

        Assert.Equal(0, listener.HostsSeen);
        Assert.NotEqual(0, upstream.BaseUrl.Port);
    }

    /// <summary>Counts the hosts built on the flow that created it, as HostFactoryResolver's listener sees them.</summary>
    sealed class HostBuildingListener : IObserver<System.Diagnostics.DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        static readonly AsyncLocal<HostBuildingListener?> Current = new();
        readonly IDisposable _subscription;
        int _hostsSeen;

        public HostBuildingListener()
        {
            Current.Value = this;
            _subscription = System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int HostsSeen => Volatile.Read(ref _hostsSeen);

        public void OnNext(System.Diagnostics.DiagnosticListener value)
        {
            if (Current.Value == this && value.Name == "Microsoft.Extensions.Hosting")
            {
                value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (Current.Value == this && value.Key == "HostBuilding")
            {
                Interlocked.Increment(ref _hostsSeen);
            }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            Current.Value = null;
            _subscription.Dispose();
        }
    }
}
