using System.Net;
using System.Security.Cryptography;
using Gateway.Identity;
using Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Foundation;

/// <summary>Sign-in against an OpenID Connect authority: its JWKS keys (RS256, ES256) and nothing else.</summary>
public sealed class AuthoritySignInTests
{
    static GatewayFactory Gateway(FakeAuthority authority) => new(Settings(authority.Issuer));

    static Dictionary<string, string?> Settings(Uri authority, string? issuer = null) => new()
    {
        ["Auth:Authority"] = authority.ToString(),
        ["Auth:Issuer"] = issuer ?? authority.ToString(),
        ["Auth:Audience"] = "classroom",
        ["Auth:SigningKey"] = null,
    };

    /// <summary>A token signed with a key of no authority's, for a gateway that cannot fetch its authority's keys.</summary>
    static string AnyRsaToken(Uri issuer) => new TestJwt
    {
        Issuer = issuer.ToString(),
        Audience = "classroom",
        Credentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256),
    }.Sign();

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task AcceptsTokensSignedWithTheAuthoritysKeys(string algorithm)
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var jwt = new TestJwt
        {
            Issuer = authority.Issuer.ToString(),
            Audience = "classroom",
            Credentials = algorithm == "RS256" ? authority.Rsa : authority.Ec,
        }.Sign();
        using var client = gateway.CreateClient(jwt);

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("student-1", (await response.ReadJson()).GetProperty("data").GetProperty("uid").GetString());
    }

    [Fact]
    public async Task RefusesAKeyTheAuthorityDoesNotPublish()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var stranger = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = stranger }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RefusesAnHmacTokenWhenAnAuthorityIsConfigured()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom" }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await response.ReadJson()).GetProperty("code").GetInt32());
    }

    public static TheoryData<string> ConfusedKeys() => ["modulus", "pem"];

    /// <summary>
    /// Algorithm confusion: an HS256 token whose HMAC key is the authority's RSA public key, which anyone can read from
    /// its JWKS, named by the RSA key's id.
    /// </summary>
    [Theory]
    [MemberData(nameof(ConfusedKeys))]
    public async Task RefusesAnHmacTokenKeyedWithTheAuthoritysPublicKey(string form)
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var publicKey = form == "modulus" ? authority.RsaModulus : System.Text.Encoding.UTF8.GetBytes(authority.RsaPublicPem);
        var confused = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = authority.Rsa.Key.KeyId }, SecurityAlgorithms.HmacSha256);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = confused }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RefusesAnUnsignedToken()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        using var client = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom" }.SignNone());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// A signed-in token is remembered, but never past its key: once the gateway has learnt that the authority
    /// withdrew the key (from a token signed with the new one), the same token is validated again, and refused.
    /// </summary>
    [Fact]
    public async Task ARememberedSignInEndsWithTheKeyThatValidatedIt()
    {
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        var signedWithOldKey = new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = authority.Rsa }.Sign();
        using var oldClient = gateway.CreateClient(signedWithOldKey);

        var first = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var remembered = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        authority.RotateKeys();
        var rememberedAfterRotation = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        using var newClient = gateway.CreateClient(new TestJwt { Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = authority.Rsa }.Sign());
        var signedWithNewKey = await Poll.Until(async () => (await newClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).StatusCode,
            status => status == HttpStatusCode.OK);
        var afterTheGatewayLearnt = await oldClient.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [first.StatusCode, remembered.StatusCode, rememberedAfterRotation.StatusCode]);
        Assert.Equal(HttpStatusCode.OK, signedWithNewKey);
        Assert.Equal(HttpStatusCode.Unauthorized, afterTheGatewayLearnt.StatusCode);
    }

    /// <summary>
    /// The issuer is the configured one alone, with an authority too: not the one its discovery document names (here
    /// its own address, as an operator who configured the issuer under another name or spelling has it), and not the
    /// configured one with a trailing slash.
    /// </summary>
    [Fact]
    public async Task OnlyTheConfiguredIssuerSignsInNotTheOneTheAuthorityNames()
    {
        const string configured = "https://login.school.example/realms/classroom";
        await using var authority = await FakeAuthority.StartAsync();
        await using var gateway = new GatewayFactory(Settings(authority.Issuer, configured));
        string SignedBy(string issuer) => new TestJwt { Issuer = issuer, Audience = "classroom", Credentials = authority.Rsa }.Sign();

        var statuses = new List<HttpStatusCode>();
        foreach (var issuer in new[] { configured, authority.Issuer.ToString(), configured + "/" })
        {
            using var client = gateway.CreateClient(SignedBy(issuer));
            statuses.Add((await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
    }

    /// <summary>
    /// An authority out of reach before its keys were ever fetched (an instance started during the school's identity
    /// outage): a bearer token cannot be checked, the authority's fault and not the token's. Each such request is a 503
    /// problem with <c>Retry-After</c>, not the unhandled 500 of the failed fetch; one warning says so for all of them;
    /// a route anyone may call answers as ever.
    /// </summary>
    [Fact]
    public async Task AnAuthorityOutOfReachIsA503ProblemWarnedOfOnce()
    {
        using var authority = new ResettingListener();
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(Settings(authority.BaseUrl)) { Logs = logs };
        var token = AnyRsaToken(authority.BaseUrl);
        using var client = gateway.CreateClient(token);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel));
        }
        var health = await client.GetAsync("/healthz", Json.Cancel);

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.NotNull(answer.Headers.RetryAfter?.Delta);
            var problem = await answer.ReadJson();
            Assert.Equal(503, problem.GetProperty("code").GetInt32());
            Assert.DoesNotContain(token, problem.GetRawText(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Single(logs.Lines, line => line.StartsWith("Warning Gateway.Identity.", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }

    /// <summary>
    /// An authority that takes the connection and never answers holds a sign-in for the gateway's bound on it, then
    /// the request is the outage's 503, where the framework's default would hold it for a minute: the client here
    /// gives up after half of that.
    /// </summary>
    [Fact]
    public async Task AHungAuthorityHoldsASignInForItsBoundNotAMinute()
    {
        await using var authority = await RecordingUpstream.StartAsync();
        authority.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        await using var gateway = new GatewayFactory(Settings(authority.BaseUrl));
        using var client = gateway.CreateClient(AnyRsaToken(authority.BaseUrl));
        client.Timeout = TimeSpan.FromSeconds(30);

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotEmpty(authority.Requests);
    }

    /// <summary>
    /// Sign-ins that come together while the authority hangs are held for one bound together, not one after the other:
    /// each is the outage's 503 within the client's 30 s (the fourth waited 40 s when each request fetched the keys
    /// anew after the one before it gave up), and the authority is asked once.
    /// </summary>
    [Fact]
    public async Task SignInsWaitingTogetherOnAHungAuthorityShareOneFetch()
    {
        await using var authority = await RecordingUpstream.StartAsync();
        authority.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        await using var gateway = new GatewayFactory(Settings(authority.BaseUrl));
        using var client = gateway.CreateClient(AnyRsaToken(authority.BaseUrl));
        client.Timeout = TimeSpan.FromSeconds(30);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync("/api/v1/rtm-token", null, Json.Cancel)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode));
        Assert.Equal(1, authority.Arrived);
    }

    /// <summary>
    /// An authority refusing connections before its keys were ever fetched is asked again once its failure has been
    /// held for <see cref="AuthorityOutages.FailureHeld"/>, not once a request: the sign-ins meanwhile
    /// are the outage's 503 at once.
    /// </summary>
    [Fact]
    public async Task AFailedFetchOfTheKeysAnswersTheSignInsAfterItForAWhile()
    {
        using var authority = new ResettingListener();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(Settings(authority.BaseUrl)) { Clock = clock };
        using var client = gateway.CreateClient(AnyRsaToken(authority.BaseUrl));

        var first = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var askedOnce = authority.Connections;
        var meanwhile = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            meanwhile.Add((await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).StatusCode);
        }
        var askedMeanwhile = authority.Connections;
        clock.Advance(AuthorityOutages.FailureHeld);
        var after = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.True(askedOnce > 0);
        Assert.All(meanwhile, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(askedOnce, askedMeanwhile);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.True(authority.Connections > askedMeanwhile, "the authority was not asked again once the failure's hold had passed");
    }

    /// <summary>An authority gone after its keys were fetched: the keys fetched go on validating new tokens.</summary>
    [Fact]
    public async Task AnAuthorityGoneAfterItsKeysWereFetchedLeavesThemValidating()
    {
        var authority = await FakeAuthority.StartAsync();
        await using var gateway = Gateway(authority);
        string SignedFor(string subject) =>
            new TestJwt { Subject = subject, Issuer = authority.Issuer.ToString(), Audience = "classroom", Credentials = authority.Rsa }.Sign();
        using var before = gateway.CreateClient(SignedFor("student-1"));
        var first = await before.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var later = SignedFor("student-2");
        await authority.DisposeAsync();
        using var after = gateway.CreateClient(later);

        var response = await after.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Readiness says what a sign-in meets: an authority whose keys were never fetched, refusing connections or hanging,
    /// is not ready, within readiness's patience; one whose keys were fetched is, and stays so when it goes away, since
    /// sign-ins go on with the keys held.
    /// </summary>
    [Fact]
    public async Task ReadinessIsNotReadyUntilTheAuthoritysKeysWereFetchedOnce()
    {
        using var refusing = new ResettingListener();
        await using var hung = await RecordingUpstream.StartAsync();
        hung.Respond = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        var answering = await FakeAuthority.StartAsync();
        await using var behindRefusing = new GatewayFactory(Settings(refusing.BaseUrl));
        await using var behindHung = new GatewayFactory(Settings(hung.BaseUrl));
        await using var behindAnswering = Gateway(answering);
        static async Task<(HttpStatusCode Status, string? Authority)> ReadinessOf(GatewayFactory gateway)
        {
            using var client = gateway.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(30);
            var answer = await client.GetAsync("/readyz", Json.Cancel);
            return (answer.StatusCode, (await answer.ReadJson()).GetProperty("checks").GetProperty("authority").GetProperty("description").GetString());
        }

        var refused = await ReadinessOf(behindRefusing);
        var hanging = await ReadinessOf(behindHung);
        var fetched = await ReadinessOf(behindAnswering);
        await answering.DisposeAsync();
        var gone = await ReadinessOf(behindAnswering);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.StartsWith("The sign-in authority (Auth:Authority) cannot be reached", refused.Authority, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, hanging.Status);
        Assert.StartsWith("The sign-in authority (Auth:Authority) has not answered within 2 s", hanging.Authority, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "The sign-in authority's signing keys are held."), fetched);
        Assert.Equal((HttpStatusCode.OK, "The sign-in authority's signing keys are held."), gone);
    }
}
