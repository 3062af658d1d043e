using System.Net;
using System.Security.Claims;
using Gateway.Identity;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Identity;

public sealed class RememberedSignInsTests
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    /// <summary>The signing keys current when the test's tokens were validated.</summary>
    static readonly object Keys = new();

    static SignIn SignIn(string userId) => new(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId)], "Bearer")),
        new Caller(userId, [Caller.Student], ["room-1"]));

    /// <summary>A token is remembered until it expires, a long-lived one no longer than the maximum age.</summary>
    [Theory]
    [InlineData(2, 2)]
    [InlineData(60, 5)]
    public void ATokenSignsInItsOwnPrincipalUntilItExpiresOrTheMaximumAge(int expiresInMinutes, int rememberedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(5), RememberedSignIns.MaxAge);
        var signIns = new RememberedSignIns(_clock);
        var signIn = SignIn("student-1");
        signIns.Remember("token-1", signIn, Keys, _clock.GetUtcNow().AddMinutes(expiresInMinutes));

        Assert.True(signIns.TryGet("token-1", Keys, out var remembered));
        Assert.Same(signIn, remembered);
        Assert.False(signIns.TryGet("token-2", Keys, out _));
        _clock.Advance(TimeSpan.FromMinutes(rememberedMinutes) - TimeSpan.FromSeconds(1));
        Assert.True(signIns.TryGet("token-1", Keys, out _));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(signIns.TryGet("token-1", Keys, out _));
    }

    [Fact]
    public void AFullTableForgetsWhatExpiredAndThenEverythingButStillKeepsTheNewest()
    {
        var signIns = new RememberedSignIns(_clock, capacity: 2);
        signIns.Remember("short", SignIn("student-1"), Keys, _clock.GetUtcNow().AddMinutes(1));
        signIns.Remember("long", SignIn("student-2"), Keys, _clock.GetUtcNow().AddMinutes(4));
        _clock.Advance(TimeSpan.FromMinutes(2));

        signIns.Remember("third", SignIn("student-3"), Keys, _clock.GetUtcNow().AddMinutes(4));
        var keptAfterExpiredWent = signIns.TryGet("long", Keys, out _);
        signIns.Remember("fourth", SignIn("student-4"), Keys, _clock.GetUtcNow().AddMinutes(4));

        Assert.True(keptAfterExpiredWent);
        Assert.False(signIns.TryGet("long", Keys, out _));
        Assert.False(signIns.TryGet("third", Keys, out _));
        Assert.True(signIns.TryGet("fourth", Keys, out var newest));
        Assert.Equal("student-4", newest.Caller.UserId);
    }

    [Fact]
    public void TokensThatDifferOnlyBeforeTheirSignatureAreToldApart()
    {
        var signIns = new RememberedSignIns(_clock);
        var signature = new string('s', 80);
        signIns.Remember("a." + signature, SignIn("student-1"), Keys, _clock.GetUtcNow().AddMinutes(1));
        signIns.Remember("b." + signature, SignIn("student-2"), Keys, _clock.GetUtcNow().AddMinutes(1));

        Assert.True(signIns.TryGet("a." + signature, Keys, out var first));
        Assert.True(signIns.TryGet("b." + signature, Keys, out var second));
        Assert.False(signIns.TryGet("c." + signature, Keys, out _));
        Assert.Equal(("student-1", "student-2"), (first.Caller.UserId, second.Caller.UserId));
    }

    [Fact]
    public void ASignInIsGivenOnlyWhileTheKeysThatValidatedItAreCurrent()
    {
        var signIns = new RememberedSignIns(_clock);
        signIns.Remember("token-1", SignIn("student-1"), Keys, _clock.GetUtcNow().AddMinutes(1));

        Assert.True(signIns.TryGet("token-1", Keys, out _));
        Assert.False(signIns.TryGet("token-1", new object(), out _));
        Assert.False(signIns.TryGet("token-1", null, out _));
    }

    [Fact]
    public void AnExpiredTokenIsNeverRemembered()
    {
        var signIns = new RememberedSignIns(_clock);
        signIns.Remember("token-1", SignIn("student-1"), Keys, _clock.GetUtcNow().AddSeconds(-1));

        Assert.False(signIns.TryGet("token-1", Keys, out _));
    }

    sealed class CountingHandler : JsonWebTokenHandler
    {
        public int Validations;

        public CountingHandler() => MapInboundClaims = false;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref Validations);
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }

    /// <summary>A gateway whose JWT validations are counted.</summary>
    static WebApplicationFactory<Program> Counted(GatewayFactory gateway, CountingHandler counting) =>
        gateway.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(counting);
            })));

    [Fact]
    public async Task ARepeatedTokenIsValidatedOnceAndARefusedOneEveryTime()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var counting = new CountingHandler();
        await using var counted = Counted(gateway, counting);
        using var client = counted.CreateClient();
        var valid = TestJwt.Student("room-1").Sign();
        var forged = new TestJwt { Key = TestJwt.RandomKey() }.Sign();

        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { valid, valid, valid, forged, forged, valid })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rooms/room-1/resources");
            request.Headers.TryAddWithoutValidation("Authorization", "bearer " + token);
            statuses.Add((await client.SendAsync(request, Json.Cancel)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized,
            HttpStatusCode.Unauthorized, HttpStatusCode.OK], statuses);
        Assert.Equal(3, counting.Validations);
    }

    /// <summary>
    /// Spacing around the token signs in as the token does, but is not remembered: one token sent with ever new padding
    /// would otherwise fill the table with a new text of up to the headers' 32 KiB each time.
    /// </summary>
    [Fact]
    public async Task ATokenPaddedWithSpacesSignsInButIsNotRememberedAgainAndAgain()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var server = gateway.StartOnASocket();
        var token = TestJwt.Student("room-1").Sign();

        // Written to the socket as it stands: a client library would send the credential in its own spelling.
        var statuses = new List<HttpStatusCode>();
        foreach (var bearer in Enumerable.Range(1, 20).Select(i => new string(' ', i * 100) + token).Append(token))
        {
            statuses.Add((await RawHttp.SendAsync(server, "POST", "/api/v1/rtm-token", bearer)).Status);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, gateway.Services.GetRequiredService<RememberedSignIns>().Count);
    }

    /// <summary>What a sign-in keeps, for its request and the token's next ones, is its claims, not the parsed token behind them.</summary>
    [Fact]
    public async Task ASignInKeepsTheClaimsTheGatewayReadsWithoutTheParsedToken()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        var token = (TestJwt.Student("room-1", "room-2") with { Name = "Ada Lovelace" }).Sign();
        using var student = gateway.CreateClient(token);

        var first = await student.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
        var again = await student.GetAsync("/api/v1/rooms/room-2/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(gateway.Services.GetRequiredService<RememberedSignIns>().TryGet("Bearer " + token, null, out var signIn));
        var identity = Assert.IsType<CaseSensitiveClaimsIdentity>(Assert.Single(signIn.Principal.Identities));
        Assert.True(identity.SecurityToken is null, "The identity kept the parsed token.");
        Assert.Null(identity.BootstrapContext);
        Assert.All(identity.Claims, claim => Assert.Same(identity, claim.Subject));
        // The user id, the role, the name and the expiry as the token has them, and its rooms; not its issuer, audience or times.
        var parsed = new JsonWebToken(token);
        Assert.Contains(parsed.Claims, claim => claim.Type == JwtRegisteredClaimNames.Iss);
        var expected = parsed.Claims.Where(c => c.Type is "sub" or "role" or "name" or JwtRegisteredClaimNames.Exp).Select(c => (c.Type, c.Value))
            .Concat([(Caller.RoomClaimType, "room-1"), (Caller.RoomClaimType, "room-2")]);
        Assert.Equal(expected.Order(), identity.Claims.Select(c => (c.Type, c.Value)).Order());
        Assert.Equal("student-1", identity.Name);
        Assert.True(signIn.Principal.IsInRole("student"));
        Assert.True(identity.IsAuthenticated);
    }

    [Fact]
    public async Task EveryCallOfASessionKeepsTheRoomsOfItsToken()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call < 3; call++)
        {
            statuses.Add((await teacher.GetAsync("/api/v1/rooms/room-1/records", Json.Cancel)).StatusCode);
            statuses.Add((await teacher.GetAsync("/api/v1/rooms/room-2/records", Json.Cancel)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden,
            HttpStatusCode.OK, HttpStatusCode.Forbidden], statuses);
        Assert.Equal(3, upstream.Requests.Count);
        Assert.All(upstream.Requests, r => Assert.EndsWith("/rooms/room-1/records", r.RawTarget));
    }
}
