using System.Net;
using System.Security.Claims;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Identity;

public sealed class ValidatedTokenCacheTests
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    readonly CountingHandler _inner = new();

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

    TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = SandboxMode.Issuer,
        ValidAudience = SandboxMode.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(SandboxMode.SigningKey)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    // The handler checks lifetimes against the real clock, the cache against the fake one: tokens are signed now.
    static TestJwt Jwt(TimeSpan lifetime) => new() { Lifetime = lifetime };

    [Fact]
    public async Task ARepeatedTokenIsTakenFromMemoryWithItsOwnCopyOfTheIdentity()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var jwt = Jwt(TimeSpan.FromMinutes(10)).Sign();

        var first = await cache.ValidateTokenAsync(jwt, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim(Caller.RoomClaimType, "added-by-sign-in"));
        var second = await cache.ValidateTokenAsync(jwt, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Validations);
        Assert.Equal("student-1", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.IsType<JsonWebToken>(second.SecurityToken);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Null(second.ClaimsIdentity.FindFirst(Caller.RoomClaimType));
    }

    [Fact]
    public async Task AfterTheTokenExpiresTheHandlerIsAskedAgain()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var jwt = Jwt(TimeSpan.FromMinutes(2)).Sign();

        await cache.ValidateTokenAsync(jwt, Parameters());
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(29));
        await cache.ValidateTokenAsync(jwt, Parameters());
        _clock.Advance(TimeSpan.FromSeconds(2));
        await cache.ValidateTokenAsync(jwt, Parameters());

        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task ALongLivedTokenIsValidatedAgainAfterTheMaximumAge()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var jwt = Jwt(TimeSpan.FromHours(1)).Sign();

        await cache.ValidateTokenAsync(jwt, Parameters());
        _clock.Advance(ValidatedTokenCache.MaxAge - TimeSpan.FromSeconds(1));
        await cache.ValidateTokenAsync(jwt, Parameters());
        _clock.Advance(TimeSpan.FromSeconds(2));
        var revalidated = await cache.ValidateTokenAsync(jwt, Parameters());

        Assert.True(revalidated.IsValid);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task ARefusedTokenIsNeverRemembered()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var forged = new TestJwt { Key = TestJwt.RandomKey() }.Sign();

        var first = await cache.ValidateTokenAsync(forged, Parameters());
        var second = await cache.ValidateTokenAsync(forged, Parameters());

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.Equal(2, _inner.Validations);
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
